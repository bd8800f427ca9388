using LetsCode.Api.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LetsCode.Api.Health;

/// <summary>The database (SQLite file or PostgreSQL) accepts a connection.</summary>
public sealed class DatabaseReadinessCheck(IDbContextFactory<LetsCodeDbContext> databases) : IHealthCheck
{
    public const string Name = "database";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("the database does not accept connections");
    }
}
