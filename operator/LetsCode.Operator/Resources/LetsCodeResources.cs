using LetsCode.Kubernetes.Models;

namespace LetsCode.Operator.Resources;

/// <summary>Where our custom kinds live in the API, and their serializers. Immutable descriptors, not state.</summary>
public static class LetsCodeResources
{
    public const string Group = "letscode.dev";
    public const string Version = "v1alpha1";
    public const string ApiVersion = Group + "/" + Version;

    public static ResourceType<Submission> Submissions { get; } = new(
        new ResourceDescriptor(Group, Version, "Submission", "submissions", Namespaced: true),
        OperatorJsonContext.Default.Submission, OperatorJsonContext.Default.KubernetesListSubmission);

    public static ResourceType<WarmPool> WarmPools { get; } = new(
        new ResourceDescriptor(Group, Version, "WarmPool", "warmpools", Namespaced: true),
        OperatorJsonContext.Default.WarmPool, OperatorJsonContext.Default.KubernetesListWarmPool);
}
