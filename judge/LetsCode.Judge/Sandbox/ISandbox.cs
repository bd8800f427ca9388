namespace LetsCode.Judge.Sandbox;

/// <summary>
/// Runs one command in a fresh, isolated sandbox and reports what happened. Knows nothing of verdicts:
/// classification is domain logic (Judging/VerdictClassifier).
/// </summary>
public interface ISandbox
{
    Task<SandboxResult> RunAsync(SandboxRequest request, CancellationToken cancellationToken);

    /// <summary>Which isolation layers are active on this machine, and why any is missing (for `doctor`).</summary>
    IReadOnlyList<SandboxLayerStatus> Probe();
}

public sealed record SandboxLayerStatus(string Layer, bool Active, string Detail);
