using System.Text.Json.Serialization;

namespace LetsCode.Kubernetes.Models;

public sealed class Pod : KubernetesModel, IKubernetesObject
{
    public string? ApiVersion { get; set; } = "v1";
    public string? Kind { get; set; } = "Pod";
    public ObjectMeta Metadata { get; set; } = new();
    public PodSpec? Spec { get; set; }
    public PodStatus? Status { get; set; }
}

public sealed class PodSpec : KubernetesModel
{
    public List<Container>? InitContainers { get; set; }
    public List<Container>? Containers { get; set; }
    public List<Volume>? Volumes { get; set; }
    public PodSecurityContext? SecurityContext { get; set; }
    public string? RuntimeClassName { get; set; }
    public Dictionary<string, string>? NodeSelector { get; set; }
    public string? NodeName { get; set; }
    public List<Toleration>? Tolerations { get; set; }
    public string? ServiceAccountName { get; set; }
    public bool? AutomountServiceAccountToken { get; set; }
    public bool? EnableServiceLinks { get; set; }
    public string? DnsPolicy { get; set; }
    public PodDnsConfig? DnsConfig { get; set; }
    public long? ActiveDeadlineSeconds { get; set; }
    public long? TerminationGracePeriodSeconds { get; set; }
    public string? RestartPolicy { get; set; }
    public string? PriorityClassName { get; set; }
    public bool? HostNetwork { get; set; }

    [JsonPropertyName("hostPID")]
    public bool? HostPid { get; set; }

    [JsonPropertyName("hostIPC")]
    public bool? HostIpc { get; set; }

    public bool? HostUsers { get; set; }
    public bool? ShareProcessNamespace { get; set; }
}

public sealed class Container : KubernetesModel
{
    public string? Name { get; set; }
    public string? Image { get; set; }
    public string? ImagePullPolicy { get; set; }
    public List<string>? Command { get; set; }
    public List<string>? Args { get; set; }
    public string? WorkingDir { get; set; }
    public List<EnvVar>? Env { get; set; }
    public ResourceRequirements? Resources { get; set; }
    public SecurityContext? SecurityContext { get; set; }
    public List<VolumeMount>? VolumeMounts { get; set; }
    public bool? Stdin { get; set; }
    public bool? StdinOnce { get; set; }
    public bool? Tty { get; set; }
    public Probe? ReadinessProbe { get; set; }
    public string? TerminationMessagePolicy { get; set; }
}

public sealed class EnvVar : KubernetesModel
{
    public string? Name { get; set; }
    public string? Value { get; set; }
}

/// <summary>Quantities stay strings ("500m", "256Mi"): the server canonicalises them, we never do arithmetic.</summary>
public sealed class ResourceRequirements : KubernetesModel
{
    public Dictionary<string, string>? Limits { get; set; }
    public Dictionary<string, string>? Requests { get; set; }
}

public sealed class VolumeMount : KubernetesModel
{
    public string? Name { get; set; }
    public string? MountPath { get; set; }
    public string? SubPath { get; set; }
    public bool? ReadOnly { get; set; }
}

public sealed class Probe : KubernetesModel
{
    public ExecAction? Exec { get; set; }
    public int? InitialDelaySeconds { get; set; }
    public int? PeriodSeconds { get; set; }
    public int? TimeoutSeconds { get; set; }
    public int? FailureThreshold { get; set; }
}

public sealed class ExecAction : KubernetesModel
{
    public List<string>? Command { get; set; }
}

public sealed class PodSecurityContext : KubernetesModel
{
    public bool? RunAsNonRoot { get; set; }
    public long? RunAsUser { get; set; }
    public long? RunAsGroup { get; set; }
    public long? FsGroup { get; set; }
    public List<long>? SupplementalGroups { get; set; }
    public SeccompProfile? SeccompProfile { get; set; }
    public List<Sysctl>? Sysctls { get; set; }
}

public sealed class SecurityContext : KubernetesModel
{
    public bool? RunAsNonRoot { get; set; }
    public long? RunAsUser { get; set; }
    public long? RunAsGroup { get; set; }
    public bool? AllowPrivilegeEscalation { get; set; }
    public bool? Privileged { get; set; }
    public bool? ReadOnlyRootFilesystem { get; set; }
    public Capabilities? Capabilities { get; set; }
    public SeccompProfile? SeccompProfile { get; set; }
    public string? ProcMount { get; set; }
}

public sealed class SeccompProfile : KubernetesModel
{
    /// <summary>RuntimeDefault, Localhost or Unconfined.</summary>
    public string? Type { get; set; }

    /// <summary>For Localhost: the path relative to the kubelet's seccomp directory.</summary>
    public string? LocalhostProfile { get; set; }
}

public sealed class Capabilities : KubernetesModel
{
    public List<string>? Add { get; set; }
    public List<string>? Drop { get; set; }
}

public sealed class Sysctl : KubernetesModel
{
    public string? Name { get; set; }
    public string? Value { get; set; }
}

public sealed class Toleration : KubernetesModel
{
    public string? Key { get; set; }
    public string? Operator { get; set; }
    public string? Value { get; set; }
    public string? Effect { get; set; }
    public long? TolerationSeconds { get; set; }
}

public sealed class PodDnsConfig : KubernetesModel
{
    public List<string>? Nameservers { get; set; }
    public List<string>? Searches { get; set; }
    public List<PodDnsConfigOption>? Options { get; set; }
}

public sealed class PodDnsConfigOption : KubernetesModel
{
    public string? Name { get; set; }
    public string? Value { get; set; }
}

public sealed class Volume : KubernetesModel
{
    public string? Name { get; set; }
    public EmptyDirVolumeSource? EmptyDir { get; set; }
    public ConfigMapVolumeSource? ConfigMap { get; set; }
    public SecretVolumeSource? Secret { get; set; }
    public ProjectedVolumeSource? Projected { get; set; }
}

public sealed class EmptyDirVolumeSource : KubernetesModel
{
    /// <summary>"" (node disk) or "Memory" (tmpfs, counted against the container's memory limit).</summary>
    public string? Medium { get; set; }
    public string? SizeLimit { get; set; }
}

public sealed class KeyToPath : KubernetesModel
{
    public string? Key { get; set; }
    public string? Path { get; set; }
    public int? Mode { get; set; }
}

public sealed class ConfigMapVolumeSource : KubernetesModel
{
    public string? Name { get; set; }
    public List<KeyToPath>? Items { get; set; }
    public int? DefaultMode { get; set; }
    public bool? Optional { get; set; }
}

public sealed class SecretVolumeSource : KubernetesModel
{
    public string? SecretName { get; set; }
    public List<KeyToPath>? Items { get; set; }
    public int? DefaultMode { get; set; }
    public bool? Optional { get; set; }
}

public sealed class ProjectedVolumeSource : KubernetesModel
{
    public List<VolumeProjection>? Sources { get; set; }
    public int? DefaultMode { get; set; }
}

public sealed class VolumeProjection : KubernetesModel
{
    public ConfigMapProjection? ConfigMap { get; set; }
    public SecretProjection? Secret { get; set; }
    public ServiceAccountTokenProjection? ServiceAccountToken { get; set; }
}

public sealed class ConfigMapProjection : KubernetesModel
{
    public string? Name { get; set; }
    public List<KeyToPath>? Items { get; set; }
    public bool? Optional { get; set; }
}

public sealed class SecretProjection : KubernetesModel
{
    public string? Name { get; set; }
    public List<KeyToPath>? Items { get; set; }
    public bool? Optional { get; set; }
}

public sealed class ServiceAccountTokenProjection : KubernetesModel
{
    public string? Audience { get; set; }
    public long? ExpirationSeconds { get; set; }
    public string? Path { get; set; }
}

public sealed class PodStatus : KubernetesModel
{
    /// <summary>Pending, Running, Succeeded, Failed or Unknown.</summary>
    public string? Phase { get; set; }
    public string? Reason { get; set; }
    public string? Message { get; set; }

    [JsonPropertyName("podIP")]
    public string? PodIp { get; set; }

    [JsonPropertyName("hostIP")]
    public string? HostIp { get; set; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? StartTime { get; set; }

    public List<PodCondition>? Conditions { get; set; }
    public List<ContainerStatus>? InitContainerStatuses { get; set; }
    public List<ContainerStatus>? ContainerStatuses { get; set; }
}

public sealed class PodCondition : KubernetesModel
{
    /// <summary>PodScheduled, Initialized, ContainersReady, Ready, ...</summary>
    public string? Type { get; set; }

    /// <summary>"True", "False" or "Unknown" (strings, as in the API).</summary>
    public string? Status { get; set; }
    public string? Reason { get; set; }
    public string? Message { get; set; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? LastTransitionTime { get; set; }
}

public sealed class ContainerStatus : KubernetesModel
{
    public string? Name { get; set; }
    public bool? Ready { get; set; }
    public bool? Started { get; set; }
    public int? RestartCount { get; set; }
    public string? Image { get; set; }
    [JsonPropertyName("imageID")]
    public string? ImageId { get; set; }

    [JsonPropertyName("containerID")]
    public string? ContainerId { get; set; }
    public ContainerState? State { get; set; }
    public ContainerState? LastState { get; set; }
}

public sealed class ContainerState : KubernetesModel
{
    public ContainerStateWaiting? Waiting { get; set; }
    public ContainerStateRunning? Running { get; set; }
    public ContainerStateTerminated? Terminated { get; set; }
}

public sealed class ContainerStateWaiting : KubernetesModel
{
    public string? Reason { get; set; }
    public string? Message { get; set; }
}

public sealed class ContainerStateRunning : KubernetesModel
{
    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? StartedAt { get; set; }
}

public sealed class ContainerStateTerminated : KubernetesModel
{
    public int? ExitCode { get; set; }
    public int? Signal { get; set; }
    public string? Reason { get; set; }
    public string? Message { get; set; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? StartedAt { get; set; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? FinishedAt { get; set; }
}
