using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LetsCode.Api.Health;

/// <summary>
/// /readyz runs every health check tagged <see cref="Tag"/>: a replica whose dependencies do not answer leaves the
/// load balancer instead of failing requests. Embedded mode registers the database; cluster mode adds Redis.
/// </summary>
public static class ReadinessChecks
{
    public const string Tag = "ready";

    public static IHealthChecksBuilder AddReadinessCheck<T>(this IHealthChecksBuilder builder, string name)
        where T : class, IHealthCheck =>
        builder.AddCheck<T>(name, HealthStatus.Unhealthy, [Tag], timeout: TimeSpan.FromSeconds(5));
}
