namespace LetsCode.Operator.Rendering;

/// <summary>The labels and annotations that tie sandbox pods to pools and submissions. The wire names never change.</summary>
public static class SandboxLabels
{
    public const string Name = "app.kubernetes.io/name";
    public const string Component = "app.kubernetes.io/component";
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string PartOf = "app.kubernetes.io/part-of";

    /// <summary>Every sandbox pod has it; the deny-all NetworkPolicy selects on it.</summary>
    public const string Sandbox = "letscode.dev/sandbox";
    public const string Pool = "letscode.dev/pool";
    public const string Language = "letscode.dev/language";

    /// <summary><see cref="Idle"/> (in the pool, claimable) or <see cref="Claimed"/> (running or ran one submission).</summary>
    public const string State = "letscode.dev/state";
    public const string Submission = "letscode.dev/submission";

    /// <summary>Annotation: the uid of the Submission that claimed the pod (names can be reused, uids cannot).</summary>
    public const string SubmissionUid = "letscode.dev/submission-uid";

    /// <summary>Annotation: which attempt of the submission the pod serves.</summary>
    public const string Attempt = "letscode.dev/attempt";

    public const string Idle = "idle";
    public const string Claimed = "claimed";

    public const string NameValue = "letscode-sandbox";
    public const string ComponentValue = "sandbox";
    public const string ManagedByValue = "letscode-operator";
    public const string PartOfValue = "letscode";

    /// <summary>The selector of every pod the operator manages (the pod informer's).</summary>
    public static string ManagedSelector => $"{ManagedBy}={ManagedByValue},{Sandbox}=true";

    /// <summary>The selector of one pool's pods (the WarmPool status.selector, for the scale subresource).</summary>
    public static string PoolSelector(string pool) => $"{Sandbox}=true,{Pool}={pool}";
}
