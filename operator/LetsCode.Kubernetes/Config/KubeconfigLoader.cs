using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LetsCode.Kubernetes.Config;

/// <summary>
/// Reads a kubeconfig (the file kubectl uses): picks the current or a named context, then its cluster (server,
/// CA, insecure-skip-tls-verify, tls-server-name) and user (token, tokenFile, client certificate and key as data or
/// files). Relative file paths are relative to the kubeconfig's folder, as in kubectl. Exec and auth-provider
/// plugins are not supported and say so.
/// </summary>
public static class KubeconfigLoader
{
    /// <summary>The first file of $KUBECONFIG, else ~/.kube/config.</summary>
    public static string DefaultPath(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var fromEnvironment = environment("KUBECONFIG");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            var first = fromEnvironment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            if (first is not null)
            {
                return first;
            }
        }

        var home = environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".kube", "config");
    }

    public static KubernetesClientConfiguration Load(string? path = null, string? context = null)
    {
        path ??= DefaultPath();
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubernetesConfigurationException($"Cannot read kubeconfig {path}: {e.Message}", e);
        }

        return Parse(text, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", context);
    }

    public static KubernetesClientConfiguration Parse(string yaml, string baseDirectory, string? context = null)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            root = stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode mapping
                ? mapping
                : throw new KubernetesConfigurationException("The kubeconfig is empty or not a YAML mapping.");
        }
        catch (YamlException e)
        {
            throw new KubernetesConfigurationException($"The kubeconfig is not valid YAML: {e.Message}", e);
        }

        var contextName = context ?? Scalar(root, "current-context");
        if (string.IsNullOrEmpty(contextName))
        {
            throw new KubernetesConfigurationException("The kubeconfig has no current-context and no context was named.");
        }

        var contextNode = Named(root, "contexts", "context", contextName);
        var clusterName = Scalar(contextNode, "cluster")
            ?? throw new KubernetesConfigurationException($"Context '{contextName}' names no cluster.");
        var cluster = Named(root, "clusters", "cluster", clusterName);
        var userName = Scalar(contextNode, "user");
        var user = string.IsNullOrEmpty(userName) ? null : Named(root, "users", "user", userName);

        var serverText = Scalar(cluster, "server")
            ?? throw new KubernetesConfigurationException($"Cluster '{clusterName}' has no server.");
        if (!Uri.TryCreate(serverText, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
        {
            throw new KubernetesConfigurationException($"Cluster '{clusterName}' has an invalid server URL '{serverText}'.");
        }

        return new KubernetesClientConfiguration
        {
            Server = server,
            Namespace = NonEmpty(Scalar(contextNode, "namespace")) ?? "default",
            SkipTlsVerify = string.Equals(Scalar(cluster, "insecure-skip-tls-verify"), "true", StringComparison.OrdinalIgnoreCase),
            TlsServerName = NonEmpty(Scalar(cluster, "tls-server-name")),
            CertificateAuthorities = ReadAuthorities(cluster, baseDirectory, clusterName),
            ClientCertificate = user is null ? null : ReadClientCertificate(user, baseDirectory, userName!),
            TokenSource = user is null ? null : ReadToken(user, baseDirectory, userName!),
        };
    }

    private static X509Certificate2Collection? ReadAuthorities(YamlMappingNode cluster, string baseDirectory, string clusterName)
    {
        var pem = PemFromDataOrFile(cluster, "certificate-authority-data", "certificate-authority", baseDirectory, $"cluster '{clusterName}' CA");
        if (pem is null)
        {
            return null;
        }

        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new KubernetesConfigurationException($"The CA of cluster '{clusterName}' is not a PEM certificate: {e.Message}", e);
        }

        return authorities.Count > 0
            ? authorities
            : throw new KubernetesConfigurationException($"The CA of cluster '{clusterName}' contains no certificate.");
    }

    private static X509Certificate2? ReadClientCertificate(YamlMappingNode user, string baseDirectory, string userName)
    {
        var certificate = PemFromDataOrFile(user, "client-certificate-data", "client-certificate", baseDirectory, $"user '{userName}' certificate");
        var key = PemFromDataOrFile(user, "client-key-data", "client-key", baseDirectory, $"user '{userName}' key");
        if (certificate is null && key is null)
        {
            return null;
        }

        if (certificate is null || key is null)
        {
            throw new KubernetesConfigurationException($"User '{userName}' needs both a client certificate and its key.");
        }

        try
        {
            return X509Certificate2.CreateFromPem(certificate, key);
        }
        catch (CryptographicException e)
        {
            throw new KubernetesConfigurationException($"The client certificate or key of user '{userName}' is invalid: {e.Message}", e);
        }
    }

    private static IBearerTokenSource? ReadToken(YamlMappingNode user, string baseDirectory, string userName)
    {
        if (user.Children.ContainsKey(new YamlScalarNode("exec")) || user.Children.ContainsKey(new YamlScalarNode("auth-provider")))
        {
            throw new KubernetesConfigurationException(
                $"User '{userName}' uses an exec or auth-provider plugin, which this client does not support: use a token or a client certificate.");
        }

        if (NonEmpty(Scalar(user, "token")) is { } token)
        {
            return new StaticTokenSource(token);
        }

        if (NonEmpty(Scalar(user, "tokenFile")) is { } tokenFile)
        {
            return new FileTokenSource(Path.Combine(baseDirectory, tokenFile));
        }

        return null;
    }

    private static string? PemFromDataOrFile(YamlMappingNode node, string dataKey, string fileKey, string baseDirectory, string what)
    {
        if (NonEmpty(Scalar(node, dataKey)) is { } data)
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(data));
            }
            catch (FormatException e)
            {
                throw new KubernetesConfigurationException($"The {what} ({dataKey}) is not base64.", e);
            }
        }

        if (NonEmpty(Scalar(node, fileKey)) is { } file)
        {
            var path = Path.Combine(baseDirectory, file);
            try
            {
                return File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new KubernetesConfigurationException($"Cannot read the {what} file {path}: {e.Message}", e);
            }
        }

        return null;
    }

    /// <summary>Finds {name: X, KEY: {...}} in the list at <paramref name="listKey"/> and returns the inner mapping.</summary>
    private static YamlMappingNode Named(YamlMappingNode root, string listKey, string itemKey, string name)
    {
        if (root.Children.TryGetValue(new YamlScalarNode(listKey), out var listNode) && listNode is YamlSequenceNode list)
        {
            foreach (var entry in list.Children.OfType<YamlMappingNode>())
            {
                if (Scalar(entry, "name") == name)
                {
                    return entry.Children.TryGetValue(new YamlScalarNode(itemKey), out var inner) && inner is YamlMappingNode mapping
                        ? mapping
                        : new YamlMappingNode();
                }
            }
        }

        throw new KubernetesConfigurationException($"The kubeconfig has no {itemKey} named '{name}'.");
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
