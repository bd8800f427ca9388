using LetsCode.Api.Cluster.Kubernetes;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LetsCode.Api.Cluster.Health;

/// <summary>
/// The WarmPool and Submission informers have their first list. Before it the language catalog (from the WarmPools)
/// is empty and capacity reads zero, so a replica taking traffic would answer 400 "unknown language".
/// </summary>
public sealed class SandboxInformersReadinessCheck(SandboxInformers informers) : IHealthCheck
{
    public const string Name = "kubernetes";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult((informers.Pools.HasSynced, informers.Submissions.HasSynced) switch
        {
            (true, true) => HealthCheckResult.Healthy(),
            (false, _) => HealthCheckResult.Unhealthy("the WarmPool informer has not listed yet"),
            _ => HealthCheckResult.Unhealthy("the Submission informer has not listed yet"),
        });
}
