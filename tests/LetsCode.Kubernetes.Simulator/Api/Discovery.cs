using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator.Api;

/// <summary>
/// Legacy (unaggregated) discovery documents: /api, /apis, /apis/GROUP, the APIResourceLists and /version.
/// Clients asking for aggregated discovery get these plain documents and fall back, as they do with older servers.
/// </summary>
internal static class Discovery
{
    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.0-letscode-simulator",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "none (simulator)",
        ["compiler"] = "none",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions(Uri address) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject
        {
            ["clientCIDR"] = "0.0.0.0/0",
            ["serverAddress"] = address.Authority,
        }),
    };

    public static JsonObject Groups(ResourceRegistry registry) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(GroupNames(registry).Select(g => (JsonNode)Group(registry, g)).ToArray()),
    };

    public static JsonObject Group(ResourceRegistry registry, string group)
    {
        var versions = registry.VersionsOf(group).ToList();
        JsonObject Entry(string v) => new() { ["groupVersion"] = $"{group}/{v}", ["version"] = v };
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group,
            ["versions"] = new JsonArray(versions.Select(v => (JsonNode)Entry(v)).ToArray()),
            ["preferredVersion"] = Entry(PreferredVersion(registry, group)),
        };
    }

    public static bool HasGroup(ResourceRegistry registry, string group) => GroupNames(registry).Contains(group);

    public static JsonObject Resources(ResourceRegistry registry, string group, string version)
    {
        var list = new JsonArray();
        foreach (var type in registry.All.Where(t => t.Group == group && t.Versions.Contains(version)))
        {
            var entry = new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = Verbs("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"),
            };
            if (type.ShortNames.Count > 0) entry["shortNames"] = new JsonArray(type.ShortNames.Select(s => (JsonNode)s).ToArray());
            if (type.Categories.Count > 0) entry["categories"] = new JsonArray(type.Categories.Select(s => (JsonNode)s).ToArray());
            entry["storageVersionHash"] = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(
                System.Text.Encoding.UTF8.GetBytes($"{type.Group}/{type.StorageVersion}/{type.Kind}")))[..11];
            list.Add(entry);
            if (type.HasStatus)
            {
                list.Add(Sub(type, "status", type.Kind, null, "get", "patch", "update"));
            }

            if (type.Scale is not null)
            {
                list.Add(Sub(type, "scale", "Scale", ("autoscaling", "v1"), "get", "patch", "update"));
            }

            foreach (var (name, verbs) in type.ExtraSubresources)
            {
                list.Add(Sub(type, name, name == "exec" ? "PodExecOptions" : type.Kind, null, verbs));
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = list,
        };
    }

    private static JsonObject Sub(ResourceType type, string name, string kind, (string Group, string Version)? gv, params string[] verbs)
    {
        var entry = new JsonObject
        {
            ["name"] = $"{type.Plural}/{name}",
            ["singularName"] = "",
            ["namespaced"] = type.Namespaced,
        };
        if (gv is { } g)
        {
            entry["group"] = g.Group;
            entry["version"] = g.Version;
        }

        entry["kind"] = kind;
        entry["verbs"] = Verbs(verbs);
        return entry;
    }

    private static JsonArray Verbs(params string[] verbs) => new(verbs.Select(v => (JsonNode)v).ToArray());

    private static List<string> GroupNames(ResourceRegistry registry) =>
        registry.All.Select(t => t.Group).Where(g => g.Length > 0).Distinct().ToList();

    private static string PreferredVersion(ResourceRegistry registry, string group) =>
        registry.All.Where(t => t.Group == group).Select(t => t.StorageVersion).FirstOrDefault() ?? "v1";
}
