using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using LetsCode.Kubernetes.Config;

namespace LetsCode.Kubernetes.Tests.Config;

public sealed class KubeconfigLoaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("letscode-kubeconfig-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static (string CertificatePem, string KeyPem) SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private static string Config(string clusterBody, string userBody, string current = "main", string contextExtra = "") => $"""
        apiVersion: v1
        kind: Config
        current-context: {current}
        clusters:
        - name: c1
          cluster:
        {clusterBody}
        contexts:
        - name: main
          context:
            cluster: c1
            user: u1
        {contextExtra}
        - name: other
          context:
            cluster: c1
            user: u2
            namespace: judges
        users:
        - name: u1
          user:
        {userBody}
        - name: u2
          user:
            token: second-token
        """;

    [Fact]
    public async Task Current_context_with_token_and_ca_data()
    {
        var (caPem, _) = SelfSigned("test-ca");
        var yaml = Config($"    server: https://10.0.0.1:6443\n    certificate-authority-data: {Base64(caPem)}", "    token: abc123");

        var config = KubeconfigLoader.Parse(yaml, _directory);

        Assert.Equal(new Uri("https://10.0.0.1:6443"), config.Server);
        Assert.Equal("default", config.Namespace);
        Assert.Equal("abc123", await config.TokenSource!.GetTokenAsync(CancellationToken.None));
        Assert.Single(config.CertificateAuthorities!);
        Assert.Equal("CN=test-ca", config.CertificateAuthorities![0].Subject);
        Assert.False(config.SkipTlsVerify);
        Assert.Null(config.ClientCertificate);
    }

    [Fact]
    public async Task Named_context_selects_its_user_and_namespace()
    {
        var yaml = Config("    server: http://127.0.0.1:8001", "    token: first");

        var config = KubeconfigLoader.Parse(yaml, _directory, context: "other");

        Assert.Equal("judges", config.Namespace);
        Assert.Equal("second-token", await config.TokenSource!.GetTokenAsync(CancellationToken.None));
        Assert.Equal("http", config.Server.Scheme);
    }

    [Fact]
    public void Client_certificate_and_key_as_data()
    {
        var (certificatePem, keyPem) = SelfSigned("letscode-operator");
        var yaml = Config("    server: https://k8s.example:443\n    insecure-skip-tls-verify: true",
            $"    client-certificate-data: {Base64(certificatePem)}\n    client-key-data: {Base64(keyPem)}");

        var config = KubeconfigLoader.Parse(yaml, _directory);

        Assert.True(config.SkipTlsVerify);
        Assert.NotNull(config.ClientCertificate);
        Assert.True(config.ClientCertificate!.HasPrivateKey);
        Assert.Equal("CN=letscode-operator", config.ClientCertificate.Subject);
        Assert.Null(config.TokenSource);
    }

    [Fact]
    public async Task Files_are_relative_to_the_kubeconfig_folder()
    {
        var (caPem, _) = SelfSigned("file-ca");
        var (certificatePem, keyPem) = SelfSigned("file-user");
        File.WriteAllText(Path.Combine(_directory, "ca.crt"), caPem);
        File.WriteAllText(Path.Combine(_directory, "client.crt"), certificatePem);
        File.WriteAllText(Path.Combine(_directory, "client.key"), keyPem);
        File.WriteAllText(Path.Combine(_directory, "token"), "from-file\n");
        var path = Path.Combine(_directory, "config");
        File.WriteAllText(path, Config("    server: https://k8s:6443\n    certificate-authority: ca.crt\n    tls-server-name: kubernetes",
            "    client-certificate: client.crt\n    client-key: client.key\n    tokenFile: token"));

        var config = KubeconfigLoader.Load(path);

        Assert.Equal("CN=file-ca", config.CertificateAuthorities![0].Subject);
        Assert.Equal("CN=file-user", config.ClientCertificate!.Subject);
        Assert.Equal("kubernetes", config.TlsServerName);
        Assert.Equal("from-file", await config.TokenSource!.GetTokenAsync(CancellationToken.None));
    }

    [Fact]
    public void Kubeconfig_environment_variable_names_the_file()
    {
        var path = KubeconfigLoader.DefaultPath(name => name switch
        {
            "KUBECONFIG" => $"/a/first{Path.PathSeparator}/b/second",
            _ => null,
        });
        Assert.Equal("/a/first", path);
        Assert.Equal("/home/x/.kube/config", KubeconfigLoader.DefaultPath(name => name == "HOME" ? "/home/x" : null));
    }

    [Theory]
    [InlineData("current-context: nope\nclusters: []\ncontexts: []\nusers: []", "no context named 'nope'")]
    [InlineData("clusters: []", "no current-context")]
    [InlineData("{ this is: [not closed", "not valid YAML")]
    [InlineData("", "empty")]
    public void Unusable_files_give_a_clear_error(string yaml, string expected)
    {
        var error = Assert.Throws<KubernetesConfigurationException>(() => KubeconfigLoader.Parse(yaml, _directory));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exec_plugins_are_refused_with_an_explanation()
    {
        var yaml = Config("    server: https://k8s:6443", "    exec:\n      command: aws\n      apiVersion: client.authentication.k8s.io/v1beta1");
        var error = Assert.Throws<KubernetesConfigurationException>(() => KubeconfigLoader.Parse(yaml, _directory));
        Assert.Contains("exec or auth-provider", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Certificate_without_key_is_an_error()
    {
        var (certificatePem, _) = SelfSigned("half");
        var yaml = Config("    server: https://k8s:6443", $"    client-certificate-data: {Base64(certificatePem)}");
        var error = Assert.Throws<KubernetesConfigurationException>(() => KubeconfigLoader.Parse(yaml, _directory));
        Assert.Contains("both a client certificate and its key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_server_url_is_an_error()
    {
        var yaml = Config("    server: ftp://k8s", "    token: t");
        Assert.Throws<KubernetesConfigurationException>(() => KubeconfigLoader.Parse(yaml, _directory));
    }

    [Fact]
    public void Ca_data_is_used_as_the_only_trust_root()
    {
        var (caPem, _) = SelfSigned("pinned");
        var yaml = Config($"    server: https://k8s:6443\n    certificate-authority-data: {Base64(caPem)}", "    token: t");
        var options = KubeconfigLoader.Parse(yaml, _directory).CreateSslOptions();

        Assert.Equal(X509ChainTrustMode.CustomRootTrust, options.CertificateChainPolicy!.TrustMode);
        Assert.Single(options.CertificateChainPolicy.CustomTrustStore);
        Assert.Null(options.RemoteCertificateValidationCallback);
    }
}
