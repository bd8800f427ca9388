namespace LetsCode.Operator.Configuration;

/// <summary>Operator-wide settings (flags of <c>letscode-operator run</c>, or a test's choices).</summary>
public sealed record OperatorOptions
{
    /// <summary>The sandbox namespace: WarmPools, Submissions and their pods live here.</summary>
    public string Namespace { get; init; } = "letscode-sandbox";

    public SandboxPodOptions Pod { get; init; } = new();

    /// <summary>Set to create a ResourceQuota and a LimitRange in the sandbox namespace.</summary>
    public NamespaceQuotaOptions? Quota { get; init; }

    /// <summary>A pool pod not Ready this long after creation is replaced (image pull stuck, node trouble).</summary>
    public TimeSpan PodReadyTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Creates of one pool not observed by the informer within this time are written off (as client-go's 5 min).</summary>
    public TimeSpan ExpectationsTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many times a submission is tried on a fresh pod after an infrastructure failure before InternalError.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>How often a submission waiting for a pod looks again (besides being woken by pod events).</summary>
    public TimeSpan WaitForPodInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long to wait before creating again after the quota refused a pod.</summary>
    public TimeSpan QuotaRetryInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Submissions judged in parallel by this operator (each holds one exec stream).</summary>
    public int SubmissionWorkers { get; init; } = 16;

    public int WarmPoolWorkers { get; init; } = 2;

    /// <summary>Upper bound of one judging exec, on top of what the job's limits allow.</summary>
    public TimeSpan ExecTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The biggest runner result read from an exec (a result is a few KiB per test).</summary>
    public int MaxResultBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>
    /// The command run in the sandbox container for each job (reads the job on stdin). Pod mode: the pod (gVisor,
    /// Localhost seccomp, deny-all NetworkPolicy, limits) is the isolation boundary and the runner adds per-test
    /// limits and clean-up (bubblewrap needs user namespaces and cgroup writes a pod does not give). Work and cache
    /// live on the pod's only writable path, the emptyDir at /tmp.
    /// </summary>
    public IReadOnlyList<string> RunnerCommand { get; init; } =
        ["letscode-runner", "judge", "--sandbox", "pod", "--work-root", "/tmp/letscode/work", "--cache-root", "/tmp/letscode/cache"];

    /// <summary>Base URL of the API's internal endpoint serving test suites for testsRef (null: testsRef is refused).</summary>
    public Uri? TestSuiteEndpoint { get; init; }

    /// <summary>
    /// Time between two passes of the warm-pool autoscaler (docs/autoscaling.md). It runs only when the host is given
    /// cluster mode's Redis (its load signals), and only while this replica leads.
    /// </summary>
    public TimeSpan AutoscaleInterval { get; init; } = TimeSpan.FromSeconds(15);
}

/// <summary>How sandbox pods are rendered, beyond what a WarmPool says.</summary>
public sealed record SandboxPodOptions
{
    public const string ContainerName = "sandbox";

    /// <summary>The unprivileged uid/gid the sandbox container runs as (the runner image's user).</summary>
    public long RunAsUser { get; init; } = 65532;
    public long RunAsGroup { get; init; } = 65532;

    /// <summary>
    /// When a pool names no profile: true uses our Localhost profile of the language's family (seccomp/FAMILY.json,
    /// installed on nodes under <see cref="SeccompProfileDirectory"/>); false, or a language without a family, falls
    /// back to RuntimeDefault (for nodes where the profiles are not installed).
    /// </summary>
    public bool LocalhostSeccompProfiles { get; init; } = true;

    /// <summary>Directory of our profiles under the kubelet's seccomp root (seccomp/*.json installed there).</summary>
    public string SeccompProfileDirectory { get; init; } = "profiles/letscode";

    /// <summary>The container idles until a job is exec'd into it.</summary>
    public IReadOnlyList<string> IdleCommand { get; init; } = ["/bin/sh", "-c", "exec sleep 2147483647"];

    /// <summary>The only writable path: a size-limited emptyDir mounted here.</summary>
    public string WorkDirectory { get; init; } = "/tmp";
    public string WorkSizeLimit { get; init; } = "256Mi";

    /// <summary>A pod lives at most this long (Kubernetes kills it after), claimed or idle.</summary>
    public long ActiveDeadlineSeconds { get; init; } = 3600;

    public long TerminationGracePeriodSeconds { get; init; } = 1;

    public string DefaultCpu { get; init; } = "1";
    public string DefaultMemory { get; init; } = "512Mi";
    public string DefaultEphemeralStorage { get; init; } = "256Mi";

    /// <summary>Optional PriorityClass of sandbox pods.</summary>
    public string? PriorityClassName { get; init; }
}

/// <summary>ResourceQuota and LimitRange for the sandbox namespace.</summary>
public sealed record NamespaceQuotaOptions
{
    public int? Pods { get; init; }
    public string? Cpu { get; init; }
    public string? Memory { get; init; }
    public string? EphemeralStorage { get; init; }

    /// <summary>LimitRange: the biggest container allowed (defaults equal the max, so nothing runs unbounded).</summary>
    public string MaxContainerCpu { get; init; } = "2";
    public string MaxContainerMemory { get; init; } = "4Gi";
    public string MaxContainerEphemeralStorage { get; init; } = "1Gi";
}
