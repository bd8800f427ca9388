namespace LetsCode.Kubernetes.Exec;

/// <summary>Runs a command in a pod's container (kubectl exec). Small so the operator can be tested with a fake.</summary>
public interface IPodExecutor
{
    Task<ExecResult> ExecAsync(ExecRequest request, CancellationToken cancellationToken = default);
}
