using LetsCode.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LetsCode.Api.Cluster.Health;

/// <summary>
/// Redis answers a PING. Without it a replica accepts submissions only into PostgreSQL (the sweeper enqueues them
/// later) and cannot publish live updates, so it should leave the Service until Redis is back.
/// </summary>
public sealed class RedisReadinessCheck(IRedisClient redis) : IHealthCheck
{
    public const string Name = "redis";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConnected)
        {
            return HealthCheckResult.Unhealthy("no connection to Redis");
        }
        await redis.PingAsync(cancellationToken);
        return HealthCheckResult.Healthy();
    }
}
