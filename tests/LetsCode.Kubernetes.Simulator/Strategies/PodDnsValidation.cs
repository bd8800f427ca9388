using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LetsCode.Kubernetes.Simulator.Api;

namespace LetsCode.Kubernetes.Simulator.Strategies;

/// <summary>
/// spec.dnsPolicy and spec.dnsConfig of a pod, checked as the API server's validateDNSPolicy and validatePodDNSConfig
/// (kubernetes/kubernetes pkg/apis/core/validation/validation.go) do, with its limits MaxDNSNameservers = 3,
/// MaxDNSSearchPaths = 32 and MaxDNSSearchListChars = 2048. Runs after defaulting, so an absent dnsPolicy is
/// already ClusterFirst. Without this, a pod with <c>dnsPolicy: None</c> and no nameserver would be stored here
/// and refused with 422 by every real cluster.
/// </summary>
internal static partial class PodDnsValidation
{
    public const int MaxNameservers = 3;
    public const int MaxSearchPaths = 32;
    public const int MaxSearchListChars = 2048;

    private static readonly string[] Policies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];

    public static IEnumerable<FieldError> Validate(JsonObject spec)
    {
        var policy = Meta.Str(spec["dnsPolicy"]);
        if (string.IsNullOrEmpty(policy))
        {
            yield return FieldError.Required("spec.dnsPolicy");
        }
        else if (!Policies.Contains(policy, StringComparer.Ordinal))
        {
            yield return FieldError.NotSupported("spec.dnsPolicy", $"\"{policy}\"", Policies.Select(p => $"\"{p}\""));
        }

        var config = spec["dnsConfig"] as JsonObject;
        var nameservers = Strings(config?["nameservers"]);
        if (policy == "None")
        {
            // Returned alone, as the API server does: with no resolver there is nothing else to check.
            if (config is null)
            {
                yield return FieldError.Required("spec.dnsConfig", "must provide `dnsConfig` when `dnsPolicy` is None");
                yield break;
            }

            if (nameservers.Count == 0)
            {
                yield return FieldError.Required("spec.dnsConfig.nameservers", "must provide at least one DNS nameserver when `dnsPolicy` is None");
                yield break;
            }
        }

        if (config is null)
        {
            yield break;
        }

        if (nameservers.Count > MaxNameservers)
        {
            yield return FieldError.InvalidValue("spec.dnsConfig.nameservers", config["nameservers"]!.ToJsonString(),
                $"must not have more than {MaxNameservers} nameservers");
        }

        for (var i = 0; i < nameservers.Count; i++)
        {
            if (!IsValidIp(nameservers[i]))
            {
                yield return FieldError.InvalidValue($"spec.dnsConfig.nameservers[{i}]", $"\"{nameservers[i]}\"",
                    "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
            }
        }

        var searches = Strings(config["searches"]);
        if (searches.Count > MaxSearchPaths)
        {
            yield return FieldError.InvalidValue("spec.dnsConfig.searches", config["searches"]!.ToJsonString(),
                $"must not have more than {MaxSearchPaths} search paths");
        }

        if (string.Join(' ', searches).Length > MaxSearchListChars)
        {
            yield return FieldError.InvalidValue("spec.dnsConfig.searches", config["searches"]!.ToJsonString(),
                $"must not have more than {MaxSearchListChars} characters (including spaces) in the search list");
        }

        for (var i = 0; i < searches.Count; i++)
        {
            // A trailing dot (a fully qualified name) is allowed; the rest must be a DNS-1123 subdomain.
            var search = searches[i].EndsWith('.') ? searches[i][..^1] : searches[i];
            if (ObjectNames.Validate(search, label: false) is { } invalid)
            {
                yield return invalid with { Field = $"spec.dnsConfig.searches[{i}]" };
            }
        }

        var options = config["options"] as JsonArray ?? [];
        for (var i = 0; i < options.Count; i++)
        {
            if (string.IsNullOrEmpty(Meta.Str(options[i]?["name"])))
            {
                yield return FieldError.Required($"spec.dnsConfig.options[{i}]", "must not be empty");
            }
        }
    }

    private static List<string> Strings(JsonNode? node) =>
        (node as JsonArray ?? []).Select(n => Meta.Str(n) ?? "").ToList();

    /// <summary>
    /// A dotted-quad IPv4 or an IPv6 address without zone, as the API server's IP parsing (netutils.ParseIPSloppy,
    /// which still takes leading zeros in IPv4 octets) does. .NET's own parser also takes shorthand IPv4 forms such
    /// as "127.1", which the API server refuses, hence the explicit dotted quad.
    /// </summary>
    private static bool IsValidIp(string text)
    {
        if (DottedQuad().IsMatch(text))
        {
            return text.Split('.').All(octet => int.Parse(octet, CultureInfo.InvariantCulture) <= 255);
        }

        return text.Contains(':', StringComparison.Ordinal) && !text.Contains('%', StringComparison.Ordinal)
            && IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;
    }

    [GeneratedRegex(@"^([0-9]{1,3}\.){3}[0-9]{1,3}$")]
    private static partial Regex DottedQuad();
}
