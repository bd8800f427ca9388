using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Config;
using LetsCode.Kubernetes.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace LetsCode.Kubernetes.Tests.Config;

/// <summary>
/// The simulator is plain HTTP, so TLS is checked against a small HTTPS endpoint with a private CA: the kubeconfig's
/// CA is the trust root, the client certificate is presented, and the bearer token is sent.
/// </summary>
public sealed class TlsConnectionTests : IAsyncLifetime
{
    private readonly X509Certificate2 _ca;
    private readonly X509Certificate2 _server;
    private readonly X509Certificate2 _client;
    private WebApplication? _app;
    private Uri? _address;

    public TlsConnectionTests()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=letscode-test-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        _ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        _server = Issue("CN=kubernetes", server: true);
        _client = Issue("CN=letscode-operator", server: false);
    }

    private X509Certificate2 Issue(string subject, bool server)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("kubernetes");
            request.CertificateExtensions.Add(names.Build());
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        using var issued = request.Create(_ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), RandomNumberGenerator.GetBytes(8));
        // Kestrel needs a certificate whose key is usable by SslStream: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(issued.CopyWithPrivateKey(key).Export(X509ContentType.Pkcs12), null);
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = _server,
            ClientCertificateMode = ClientCertificateMode.AllowCertificate,
            ClientCertificateValidation = (certificate, _, _) => certificate.Issuer == _ca.Subject,
        })));
        _app = builder.Build();
        _app.MapGet("/api/v1/namespaces/{ns}/configmaps/{name}", (HttpContext context, string ns, string name) =>
        {
            var data = new Dictionary<string, string>
            {
                ["authorization"] = context.Request.Headers.Authorization.ToString(),
                ["clientCertificate"] = context.Connection.ClientCertificate?.Subject ?? "",
            };
            var body = Encoding.UTF8.GetString(KubernetesResources.ConfigMaps.Serialize(new ConfigMap
            {
                Metadata = new ObjectMeta { Namespace = ns, Name = name, ResourceVersion = "1" },
                Data = data,
            }));
            return Results.Text(body, "application/json");
        });
        // A minimal exec endpoint: proves the WebSocket upgrade goes through the same TLS and token handling.
        _app.UseWebSockets();
        _app.Map("/api/v1/namespaces/{ns}/pods/{pod}/exec", async (HttpContext context) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync("v5.channel.k8s.io");
            var said = $"{context.Request.Headers.Authorization} {context.Connection.ClientCertificate?.Subject} {string.Join(' ', context.Request.Query["command"].ToArray())}";
            await socket.SendAsync((byte[])[1, .. Encoding.UTF8.GetBytes(said)], System.Net.WebSockets.WebSocketMessageType.Binary, true, default);
            await socket.SendAsync((byte[])[3, .. """{"metadata":{},"status":"Success"}"""u8.ToArray()], System.Net.WebSockets.WebSocketMessageType.Binary, true, default);
            await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, default);
        });
        await _app.StartAsync();
        _address = new Uri(_app.Urls.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private string Kubeconfig(string clusterExtra, string userExtra) => $"""
        current-context: test
        clusters:
        - name: c
          cluster:
            server: https://127.0.0.1:{_address!.Port}
        {clusterExtra}
        contexts:
        - name: test
          context: {"{"}cluster: c, user: u{"}"}
        users:
        - name: u
          user:
            token: secret-token
        {userExtra}
        """;

    private static string Base64Pem(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));

    private async Task<ConfigMap> GetAsync(string yaml)
    {
        using var client = new KubernetesApiClient(KubeconfigLoader.Parse(yaml, Path.GetTempPath()));
        return await client.For(KubernetesResources.ConfigMaps).GetAsync("ns", "probe");
    }

    [Fact]
    public async Task Pinned_ca_client_certificate_and_token()
    {
        var clientKey = _client.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem();
        var yaml = Kubeconfig($"    certificate-authority-data: {Base64Pem(_ca.ExportCertificatePem())}",
            $"    client-certificate-data: {Base64Pem(_client.ExportCertificatePem())}\n    client-key-data: {Base64Pem(clientKey)}");

        var answer = await GetAsync(yaml);

        Assert.Equal("Bearer secret-token", answer.Data!["authorization"]);
        Assert.Equal("CN=letscode-operator", answer.Data["clientCertificate"]);
    }

    [Fact]
    public async Task Exec_uses_the_same_tls_and_token()
    {
        var clientKey = _client.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem();
        var yaml = Kubeconfig($"    certificate-authority-data: {Base64Pem(_ca.ExportCertificatePem())}",
            $"    client-certificate-data: {Base64Pem(_client.ExportCertificatePem())}\n    client-key-data: {Base64Pem(clientKey)}");
        using var client = new KubernetesApiClient(KubeconfigLoader.Parse(yaml, Path.GetTempPath()));
        using var stdout = new MemoryStream();

        var result = await new LetsCode.Kubernetes.Exec.PodExecutor(client).ExecAsync(new LetsCode.Kubernetes.Exec.ExecRequest
        {
            Namespace = "ns",
            Pod = "p",
            Command = ["letscode-runner", "judge"],
            Stdout = stdout,
        });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Bearer secret-token CN=letscode-operator letscode-runner judge", Encoding.UTF8.GetString(stdout.ToArray()));
    }

    [Fact]
    public async Task An_untrusted_server_is_refused()
    {
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(Kubeconfig("", "")));
        Assert.IsType<AuthenticationException>(error.InnerException);

        using var otherCaKey = ECDsa.Create();
        using var otherCa = new CertificateRequest("CN=other", otherCaKey, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        await Assert.ThrowsAsync<HttpRequestException>(() =>
            GetAsync(Kubeconfig($"    certificate-authority-data: {Base64Pem(otherCa.ExportCertificatePem())}", "")));
    }

    [Fact]
    public async Task Insecure_skip_tls_verify_accepts_any_server()
    {
        var answer = await GetAsync(Kubeconfig("    insecure-skip-tls-verify: true", ""));
        Assert.Equal("Bearer secret-token", answer.Data!["authorization"]);
        Assert.Equal("", answer.Data["clientCertificate"]);
    }
}
