using LetsCode.Kubernetes.Models;
using LetsCode.Operator.Rendering;

namespace LetsCode.Operator.Controllers;

/// <summary>How the controllers read a sandbox pod. Pure.</summary>
public static class PodStates
{
    public static bool IsTerminating(Pod pod) => pod.Metadata.DeletionTimestamp is not null;

    /// <summary>The pod's processes ended (or Kubernetes gave up on it): it can never serve a job.</summary>
    public static bool IsFinished(Pod pod) => pod.Status?.Phase is "Failed" or "Succeeded";

    public static bool IsReady(Pod pod) =>
        !IsTerminating(pod) && pod.Status?.Phase == "Running"
        && pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    public static bool IsIdle(Pod pod) => Label(pod, SandboxLabels.State) == SandboxLabels.Idle;

    public static bool IsClaimed(Pod pod) => Label(pod, SandboxLabels.State) == SandboxLabels.Claimed;

    /// <summary>Usable as a warm pod right now: idle, Ready, not going away.</summary>
    public static bool IsClaimable(Pod pod) => IsIdle(pod) && IsReady(pod) && !IsFinished(pod);

    public static string? Label(Pod pod, string key) => pod.Metadata.Labels?.GetValueOrDefault(key);

    public static string? Annotation(Pod pod, string key) => pod.Metadata.Annotations?.GetValueOrDefault(key);
}
