using System.Text.Json.Nodes;
using LetsCode.Kubernetes.Simulator.Api;

namespace LetsCode.Kubernetes.Simulator.Admission;

/// <summary>
/// LimitRanger for pods, Container limits only: fills missing limits from `default` and missing requests from
/// `defaultRequest` (else from the limit), then enforces `max` (on limits) and `min` (on requests) with the API
/// server's Forbidden messages. Pod-level limits and maxLimitRequestRatio are not enforced.
/// </summary>
internal static class LimitRangeAdmission
{
    public static void Admit(ObjectStore store, JsonObject pod)
    {
        var ranges = store.List(BuiltInResources.LimitRanges.Name, Meta.Namespace(pod))
            .SelectMany(r => (r.Node["spec"]?["limits"] as JsonArray ?? []).OfType<JsonObject>())
            .Where(l => (string?)l["type"] == "Container")
            .ToList();
        if (ranges.Count == 0) return;

        var containers = (pod["spec"]?["containers"] as JsonArray ?? []).Concat(pod["spec"]?["initContainers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        foreach (var range in ranges)
        {
            foreach (var container in containers)
            {
                var resources = Child(container, "resources");
                var limits = Child(resources, "limits");
                var requests = Child(resources, "requests");
                foreach (var (name, value) in range["default"] as JsonObject ?? [])
                {
                    if (!limits.ContainsKey(name)) limits[name] = value?.DeepClone();
                }

                foreach (var (name, value) in range["defaultRequest"] as JsonObject ?? [])
                {
                    if (!requests.ContainsKey(name)) requests[name] = value?.DeepClone();
                }

                foreach (var (name, value) in limits)
                {
                    if (!requests.ContainsKey(name)) requests[name] = value?.DeepClone();
                }

                if (limits.Count == 0) resources.Remove("limits");
                if (requests.Count == 0) resources.Remove("requests");
            }
        }

        foreach (var range in ranges)
        {
            foreach (var container in containers)
            {
                Enforce(pod, range["max"] as JsonObject, container["resources"]?["limits"] as JsonObject, "maximum", "limit", (value, bound) => value > bound);
                Enforce(pod, range["min"] as JsonObject, container["resources"]?["requests"] as JsonObject, "minimum", "request", (value, bound) => value < bound);
            }
        }
    }

    private static void Enforce(JsonObject pod, JsonObject? bounds, JsonObject? actual, string kind, string what, Func<decimal, decimal, bool> violates)
    {
        foreach (var (name, boundNode) in bounds ?? [])
        {
            if (!Quantity.TryParse(Meta.Str(boundNode), out var bound)) continue;
            if (!Quantity.TryParse(Meta.Str(actual?[name]), out var value))
            {
                throw ApiException.Forbidden(BuiltInResources.Pods.Name, Meta.Name(pod), $"{kind} {name} usage per Container is {bound}.  No {what} is specified");
            }

            if (violates(value.Value, bound.Value))
            {
                throw ApiException.Forbidden(BuiltInResources.Pods.Name, Meta.Name(pod),
                    $"{kind} {name} usage per Container is {bound}, but {what} is {value}");
            }
        }
    }

    private static JsonObject Child(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject child) return child;
        child = new JsonObject();
        parent[name] = child;
        return child;
    }
}
