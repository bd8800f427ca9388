namespace LetsCode.Kubernetes.Models;

/// <summary>The built-in kinds we use. Immutable descriptors, not state.</summary>
public static class KubernetesResources
{
    public static ResourceType<Pod> Pods { get; } = new(
        new ResourceDescriptor("", "v1", "Pod", "pods", Namespaced: true),
        KubernetesJsonContext.Default.Pod, KubernetesJsonContext.Default.KubernetesListPod);

    public static ResourceType<Namespace> Namespaces { get; } = new(
        new ResourceDescriptor("", "v1", "Namespace", "namespaces", Namespaced: false),
        KubernetesJsonContext.Default.Namespace, KubernetesJsonContext.Default.KubernetesListNamespace);

    public static ResourceType<Event> Events { get; } = new(
        new ResourceDescriptor("", "v1", "Event", "events", Namespaced: true),
        KubernetesJsonContext.Default.Event, KubernetesJsonContext.Default.KubernetesListEvent);

    public static ResourceType<Lease> Leases { get; } = new(
        new ResourceDescriptor("coordination.k8s.io", "v1", "Lease", "leases", Namespaced: true),
        KubernetesJsonContext.Default.Lease, KubernetesJsonContext.Default.KubernetesListLease);

    public static ResourceType<NetworkPolicy> NetworkPolicies { get; } = new(
        new ResourceDescriptor("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", Namespaced: true),
        KubernetesJsonContext.Default.NetworkPolicy, KubernetesJsonContext.Default.KubernetesListNetworkPolicy);

    public static ResourceType<ResourceQuota> ResourceQuotas { get; } = new(
        new ResourceDescriptor("", "v1", "ResourceQuota", "resourcequotas", Namespaced: true),
        KubernetesJsonContext.Default.ResourceQuota, KubernetesJsonContext.Default.KubernetesListResourceQuota);

    public static ResourceType<LimitRange> LimitRanges { get; } = new(
        new ResourceDescriptor("", "v1", "LimitRange", "limitranges", Namespaced: true),
        KubernetesJsonContext.Default.LimitRange, KubernetesJsonContext.Default.KubernetesListLimitRange);

    public static ResourceType<ConfigMap> ConfigMaps { get; } = new(
        new ResourceDescriptor("", "v1", "ConfigMap", "configmaps", Namespaced: true),
        KubernetesJsonContext.Default.ConfigMap, KubernetesJsonContext.Default.KubernetesListConfigMap);

    public static ResourceType<Secret> Secrets { get; } = new(
        new ResourceDescriptor("", "v1", "Secret", "secrets", Namespaced: true),
        KubernetesJsonContext.Default.Secret, KubernetesJsonContext.Default.KubernetesListSecret);
}
