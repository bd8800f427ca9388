using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator.Api;

/// <summary>
/// A minimal OpenAPI v3 discovery: /openapi/v3 lists every group version, and each group version's document has
/// one PATCH operation per kind declaring the fieldValidation query parameter. That is what kubectl looks for to
/// leave validation to the server (the simulator does not reject unknown fields; CRD schemas prune them). No
/// component schemas are published, so kubectl computes strategic merge patches from its compiled-in types.
/// </summary>
internal static class OpenApi
{
    public static JsonObject Root(ResourceRegistry registry)
    {
        var paths = new JsonObject();
        foreach (var (group, version) in GroupVersions(registry))
        {
            var key = PathOf(group, version);
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={Hash(registry, group, version)}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject? Document(ResourceRegistry registry, string path)
    {
        var match = GroupVersions(registry).Where(gv => PathOf(gv.Group, gv.Version) == path).ToList();
        if (match.Count == 0) return null;
        var (group, version) = match[0];
        var paths = new JsonObject();
        foreach (var type in registry.All.Where(t => t.Group == group && t.Versions.Contains(version)))
        {
            var prefix = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
            var itemPath = type.Namespaced
                ? $"{prefix}/namespaces/{{namespace}}/{type.Plural}/{{name}}"
                : $"{prefix}/{type.Plural}/{{name}}";
            paths[itemPath] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["operationId"] = $"patch{type.Kind}",
                    ["parameters"] = new JsonArray(
                        new JsonObject { ["name"] = "fieldManager", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
                        new JsonObject { ["name"] = "fieldValidation", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } }),
                    ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
                    ["x-kubernetes-action"] = "patch",
                    ["x-kubernetes-group-version-kind"] = new JsonObject
                    {
                        ["group"] = group,
                        ["version"] = version,
                        ["kind"] = type.Kind,
                    },
                },
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes (LetsCode simulator)", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    private static IEnumerable<(string Group, string Version)> GroupVersions(ResourceRegistry registry) =>
        registry.All.SelectMany(t => t.Versions.Select(v => (t.Group, v))).Distinct();

    private static string PathOf(string group, string version) => group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    private static string Hash(ResourceRegistry registry, string group, string version)
    {
        var kinds = string.Join(',', registry.All.Where(t => t.Group == group && t.Versions.Contains(version)).Select(t => t.Kind));
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(kinds)))[..16];
    }
}
