using System.Text.RegularExpressions;
using LetsCode.Kubernetes.Simulator.Api;

namespace LetsCode.Kubernetes.Simulator.Strategies;

/// <summary>Name validation and generateName, as the API server's ValidateObjectMeta and SimpleNameGenerator.</summary>
internal static partial class ObjectNames
{
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Generate(string prefix, Random random)
    {
        if (prefix.Length > 58) prefix = prefix[..58];
        return prefix + new string(Enumerable.Range(0, 5).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
    }

    /// <summary>Namespaces need DNS-1123 labels; everything else DNS-1123 subdomains.</summary>
    public static FieldError? Validate(string name, bool label)
    {
        if (label && (name.Length > 63 || !Label().IsMatch(name)))
        {
            return FieldError.InvalidValue("metadata.name", $"\"{name}\"",
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
        }

        if (!label && (name.Length > 253 || !Subdomain().IsMatch(name)))
        {
            return FieldError.InvalidValue("metadata.name", $"\"{name}\"",
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        }

        return null;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();
}
