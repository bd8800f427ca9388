using System.Globalization;
using LetsCode.Kubernetes.Models;
using LetsCode.Operator.Configuration;
using LetsCode.Operator.Resources;

namespace LetsCode.Operator.Rendering;

/// <summary>
/// Renders sandbox pods. Pure: the same pool and options always give the same pod. Every pod passes the Pod
/// Security Standards "restricted" profile (see Policy/RestrictedProfileChecker) and adds what a judge needs on top:
/// gVisor, no service account token, no service links, no DNS, a size-limited emptyDir as the only writable path,
/// requests equal to limits, a deadline. The container idles; jobs arrive by exec of the runner.
/// </summary>
public sealed class SandboxPodRenderer
{
    /// <summary>The one nameserver of a sandbox pod's resolv.conf: loopback, where nothing listens (no DNS).</summary>
    public const string UnservedNameserver = "127.0.0.1";

    private readonly SandboxPodOptions _options;

    public SandboxPodRenderer(SandboxPodOptions? options = null) => _options = options ?? new SandboxPodOptions();

    public SandboxPodOptions Options => _options;

    /// <summary>An idle pod of the pool, owned by it (server-chosen name from generateName).</summary>
    public Pod RenderIdle(WarmPool pool)
    {
        var pod = Render(pool, SandboxLabels.Idle);
        pod.Metadata.GenerateName = NamePrefix(pool.Metadata.Name ?? "pool") + "-";
        pod.Metadata.OwnerReferences = [OwnerOf(pool)];
        return pod;
    }

    /// <summary>
    /// A cold pod made for one submission when the pool has nothing idle and cannot grow: claimed from birth and
    /// owned by the submission. Its name is fixed per attempt, so a retried create finds its own pod (AlreadyExists).
    /// </summary>
    public Pod RenderCold(WarmPool pool, Submission submission, int attempt)
    {
        var pod = Render(pool, SandboxLabels.Claimed);
        pod.Metadata.Name = ColdPodName(submission, attempt);
        Claim(pod.Metadata, submission, attempt);
        pod.Metadata.OwnerReferences = [OwnerOf(submission)];
        return pod;
    }

    public static string ColdPodName(Submission submission, int attempt)
    {
        var uid = (submission.Metadata.Uid ?? "local").Replace("-", "", StringComparison.Ordinal);
        return $"{NamePrefix(submission.Metadata.Name ?? "submission")}-{uid[..Math.Min(8, uid.Length)]}-{attempt.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The labels and annotations that mark a pod as serving <paramref name="submission"/>'s attempt.</summary>
    public static void Claim(ObjectMeta metadata, Submission submission, int attempt)
    {
        metadata.Labels ??= [];
        metadata.Labels[SandboxLabels.State] = SandboxLabels.Claimed;
        metadata.Labels[SandboxLabels.Submission] = submission.Metadata.Uid ?? "";
        metadata.Annotations ??= [];
        metadata.Annotations[SandboxLabels.SubmissionUid] = submission.Metadata.Uid ?? "";
        metadata.Annotations[SandboxLabels.Attempt] = attempt.ToString(CultureInfo.InvariantCulture);
    }

    public static OwnerReference OwnerOf(IKubernetesObject owner) => new()
    {
        ApiVersion = owner.ApiVersion,
        Kind = owner.Kind,
        Name = owner.Metadata.Name,
        Uid = owner.Metadata.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };

    private Pod Render(WarmPool pool, string state)
    {
        var spec = pool.Spec;
        var seccomp = SeccompProfiles.For(spec.Language, spec.SeccompProfile, _options);
        var quantities = new Dictionary<string, string>
        {
            ["cpu"] = spec.Resources?.Cpu ?? _options.DefaultCpu,
            ["memory"] = spec.Resources?.Memory ?? _options.DefaultMemory,
            ["ephemeral-storage"] = spec.Resources?.EphemeralStorage ?? _options.DefaultEphemeralStorage,
        };

        return new Pod
        {
            Metadata = new ObjectMeta
            {
                Namespace = pool.Metadata.Namespace,
                Labels = new Dictionary<string, string>
                {
                    [SandboxLabels.Name] = SandboxLabels.NameValue,
                    [SandboxLabels.Component] = SandboxLabels.ComponentValue,
                    [SandboxLabels.ManagedBy] = SandboxLabels.ManagedByValue,
                    [SandboxLabels.PartOf] = SandboxLabels.PartOfValue,
                    [SandboxLabels.Sandbox] = "true",
                    [SandboxLabels.Pool] = pool.Metadata.Name ?? "",
                    [SandboxLabels.Language] = spec.Language,
                    [SandboxLabels.State] = state,
                },
            },
            Spec = new PodSpec
            {
                RuntimeClassName = spec.EffectiveRuntimeClassName,
                RestartPolicy = "Never",
                AutomountServiceAccountToken = false,
                EnableServiceLinks = false,
                HostNetwork = false,
                HostPid = false,
                HostIpc = false,
                ShareProcessNamespace = false,
                // No working resolver: nothing in a sandbox has any business looking up names. dnsPolicy None takes
                // neither cluster DNS nor the node's resolv.conf, but the API server requires at least one nameserver
                // with it (validatePodDNSConfig: "must provide at least one DNS nameserver when `dnsPolicy` is None").
                // Loopback is the pod's own network namespace, where nothing serves DNS, so lookups fail at once
                // (and the deny-all NetworkPolicy drops any packet that would leave the pod anyway).
                DnsPolicy = "None",
                DnsConfig = new PodDnsConfig { Nameservers = [UnservedNameserver] },
                ActiveDeadlineSeconds = _options.ActiveDeadlineSeconds,
                TerminationGracePeriodSeconds = _options.TerminationGracePeriodSeconds,
                PriorityClassName = _options.PriorityClassName,
                NodeSelector = spec.NodeSelector is { Count: > 0 } nodes ? new Dictionary<string, string>(nodes) : null,
                Tolerations = spec.Tolerations is { Count: > 0 } tolerations ? [.. tolerations] : null,
                SecurityContext = new PodSecurityContext
                {
                    RunAsNonRoot = true,
                    RunAsUser = _options.RunAsUser,
                    RunAsGroup = _options.RunAsGroup,
                    FsGroup = _options.RunAsGroup,
                    SeccompProfile = seccomp,
                },
                Containers =
                [
                    new Container
                    {
                        Name = SandboxPodOptions.ContainerName,
                        Image = spec.Image,
                        ImagePullPolicy = "IfNotPresent",
                        Command = [.. _options.IdleCommand],
                        WorkingDir = _options.WorkDirectory,
                        Env =
                        [
                            new EnvVar { Name = "HOME", Value = _options.WorkDirectory },
                            new EnvVar { Name = "TMPDIR", Value = _options.WorkDirectory },
                        ],
                        // Requests equal limits: Guaranteed QoS, so one pod's judging cannot starve another's.
                        Resources = new ResourceRequirements
                        {
                            Requests = new Dictionary<string, string>(quantities),
                            Limits = new Dictionary<string, string>(quantities),
                        },
                        SecurityContext = new SecurityContext
                        {
                            RunAsNonRoot = true,
                            RunAsUser = _options.RunAsUser,
                            RunAsGroup = _options.RunAsGroup,
                            AllowPrivilegeEscalation = false,
                            Privileged = false,
                            ReadOnlyRootFilesystem = true,
                            Capabilities = new Capabilities { Drop = ["ALL"] },
                            SeccompProfile = seccomp,
                        },
                        VolumeMounts = [new VolumeMount { Name = "work", MountPath = _options.WorkDirectory }],
                        TerminationMessagePolicy = "FallbackToLogsOnError",
                    },
                ],
                Volumes =
                [
                    new Volume { Name = "work", EmptyDir = new EmptyDirVolumeSource { SizeLimit = _options.WorkSizeLimit } },
                ],
            },
        };
    }

    /// <summary>Names leave room for the generated suffix and stay valid DNS labels.</summary>
    private static string NamePrefix(string name) => name.Length <= 40 ? name : name[..40].TrimEnd('-', '.');
}
