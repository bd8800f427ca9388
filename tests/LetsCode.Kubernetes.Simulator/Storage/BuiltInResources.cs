namespace LetsCode.Kubernetes.Simulator;

/// <summary>The built-in resources the simulator serves: those the operator and kubectl need.</summary>
internal static class BuiltInResources
{
    public static readonly ResourceType Namespaces = Core("namespaces", "namespace", "Namespace", false, ["ns"], status: true);
    public static readonly ResourceType Pods = Core("pods", "pod", "Pod", true, ["po"], status: true) with
    {
        Categories = ["all"],
        ExtraSubresources = new Dictionary<string, string[]>
        {
            ["exec"] = ["create", "get"],
        },
    };
    public static readonly ResourceType Events = Core("events", "event", "Event", true, ["ev"]);
    public static readonly ResourceType ConfigMaps = Core("configmaps", "configmap", "ConfigMap", true, ["cm"]);
    public static readonly ResourceType Secrets = Core("secrets", "secret", "Secret", true, []);
    public static readonly ResourceType ResourceQuotas = Core("resourcequotas", "resourcequota", "ResourceQuota", true, ["quota"], status: true);
    public static readonly ResourceType LimitRanges = Core("limitranges", "limitrange", "LimitRange", true, ["limits"]);
    public static readonly ResourceType ServiceAccounts = Core("serviceaccounts", "serviceaccount", "ServiceAccount", true, ["sa"]);
    public static readonly ResourceType Services = Core("services", "service", "Service", true, ["svc"], status: true) with { Categories = ["all"] };

    public static readonly ResourceType Leases = Grouped("coordination.k8s.io", "leases", "lease", "Lease", true, []);
    public static readonly ResourceType NetworkPolicies = Grouped("networking.k8s.io", "networkpolicies", "networkpolicy", "NetworkPolicy", true, ["netpol"]);
    public static readonly ResourceType CustomResourceDefinitions = Grouped("apiextensions.k8s.io", "customresourcedefinitions",
        "customresourcedefinition", "CustomResourceDefinition", false, ["crd", "crds"]) with { HasStatus = true };

    public static IEnumerable<ResourceType> All =>
    [
        Namespaces, Pods, Events, ConfigMaps, Secrets, ResourceQuotas, LimitRanges, ServiceAccounts, Services,
        Leases, NetworkPolicies, CustomResourceDefinitions,
    ];

    private static ResourceType Core(string plural, string singular, string kind, bool namespaced, string[] shortNames,
        bool status = false) => Grouped("", plural, singular, kind, namespaced, shortNames) with { HasStatus = status };

    private static ResourceType Grouped(string group, string plural, string singular, string kind, bool namespaced,
        string[] shortNames) => new()
    {
        Group = group,
        Versions = ["v1"],
        StorageVersion = "v1",
        Plural = plural,
        Singular = singular,
        Kind = kind,
        Namespaced = namespaced,
        ShortNames = shortNames,
    };
}
