namespace LetsCode.Kubernetes.Models;

public sealed class LimitRange : KubernetesModel, IKubernetesObject
{
    public string? ApiVersion { get; set; } = "v1";
    public string? Kind { get; set; } = "LimitRange";
    public ObjectMeta Metadata { get; set; } = new();
    public LimitRangeSpec? Spec { get; set; }
}

public sealed class LimitRangeSpec : KubernetesModel
{
    public List<LimitRangeItem>? Limits { get; set; }
}

public sealed class LimitRangeItem : KubernetesModel
{
    /// <summary>Container, Pod or PersistentVolumeClaim.</summary>
    public string? Type { get; set; }
    public Dictionary<string, string>? Max { get; set; }
    public Dictionary<string, string>? Min { get; set; }
    public Dictionary<string, string>? Default { get; set; }
    public Dictionary<string, string>? DefaultRequest { get; set; }
    public Dictionary<string, string>? MaxLimitRequestRatio { get; set; }
}
