using System.Text.Json.Nodes;
using LetsCode.Kubernetes.Simulator.Api;

namespace LetsCode.Kubernetes.Simulator.Strategies;

/// <summary>
/// Pod spec updates are restricted like the API server's ValidatePodUpdate: only container and init container
/// images, activeDeadlineSeconds, additions to tolerations and the removal of scheduling gates may change.
/// </summary>
internal static class PodUpdateRules
{
    public const string Message =
        "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    public static FieldError? Check(JsonObject oldPod, JsonObject newPod)
    {
        var oldSpec = oldPod["spec"] as JsonObject ?? new JsonObject();
        var newSpec = (newPod["spec"] as JsonObject ?? new JsonObject()).DeepClone().AsObject();

        // Put the mutable fields back to their old values; anything still different is a forbidden change.
        foreach (var list in new[] { "containers", "initContainers" })
        {
            if (newSpec[list] is JsonArray newContainers && oldSpec[list] is JsonArray oldContainers && newContainers.Count == oldContainers.Count)
            {
                for (var i = 0; i < newContainers.Count; i++)
                {
                    if (newContainers[i] is JsonObject c) c["image"] = oldContainers[i]?["image"]?.DeepClone();
                }
            }
        }

        var oldTolerations = oldSpec["tolerations"] as JsonArray ?? [];
        var newTolerations = newSpec["tolerations"] as JsonArray ?? [];
        if (oldTolerations.Any(t => !newTolerations.Any(n => JsonNode.DeepEquals(n, t))))
        {
            return FieldError.Forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds");
        }

        Restore(newSpec, oldSpec, "tolerations");
        Restore(newSpec, oldSpec, "activeDeadlineSeconds");
        if (newSpec["schedulingGates"] is null or JsonArray { Count: 0 }) Restore(newSpec, oldSpec, "schedulingGates");
        if (Meta.Long(oldSpec["terminationGracePeriodSeconds"]) < 0) Restore(newSpec, oldSpec, "terminationGracePeriodSeconds");

        // spec.nodeName is set by binding, never by an update.
        Restore(newSpec, oldSpec, "nodeName", onlyWhenAbsent: true);
        return JsonNode.DeepEquals(newSpec, oldSpec) ? null : FieldError.Forbidden("spec", Message);
    }

    private static void Restore(JsonObject target, JsonObject source, string field, bool onlyWhenAbsent = false)
    {
        if (onlyWhenAbsent && target.ContainsKey(field)) return;
        target.Remove(field);
        if (source[field] is { } value) target[field] = value.DeepClone();
    }
}
