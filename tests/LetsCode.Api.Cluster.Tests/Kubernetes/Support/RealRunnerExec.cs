using LetsCode.Kubernetes.Simulator.Exec;

namespace LetsCode.Api.Cluster.Tests.Kubernetes.Support;

/// <summary>The simulated kubelet's exec for sandbox pods: the real `letscode-runner judge`, as the runner image runs it.</summary>
public sealed class RealRunnerExec(string runnerPath) : LocalRunnerExecHandler(runnerPath)
{
    /// <summary>Execs that ran the runner to its exit.</summary>
    public int Runs => CompletedRuns;
}
