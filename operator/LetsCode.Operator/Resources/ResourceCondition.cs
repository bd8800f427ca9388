using System.Text.Json.Serialization;
using LetsCode.Kubernetes.Models;

namespace LetsCode.Operator.Resources;

/// <summary>metav1.Condition as our custom resources use it (a list map keyed by type).</summary>
public sealed class ResourceCondition : KubernetesModel
{
    public string Type { get; set; } = "";

    /// <summary>"True", "False" or "Unknown".</summary>
    public string Status { get; set; } = "Unknown";
    public string? Reason { get; set; }
    public string? Message { get; set; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? LastTransitionTime { get; set; }

    public long? ObservedGeneration { get; set; }
}

/// <summary>Condition list helpers: lastTransitionTime moves only when the status really changes.</summary>
public static class Conditions
{
    public static List<ResourceCondition> Set(
        IReadOnlyList<ResourceCondition>? existing, string type, bool status, string reason, string message, long? generation, DateTimeOffset now)
    {
        var value = status ? "True" : "False";
        var result = existing?.Where(c => c.Type != type).ToList() ?? [];
        var previous = existing?.FirstOrDefault(c => c.Type == type);
        result.Add(new ResourceCondition
        {
            Type = type,
            Status = value,
            Reason = reason,
            Message = message,
            ObservedGeneration = generation,
            LastTransitionTime = previous is not null && previous.Status == value ? previous.LastTransitionTime ?? now : now,
        });
        result.Sort((a, b) => string.CompareOrdinal(a.Type, b.Type));
        return result;
    }
}
