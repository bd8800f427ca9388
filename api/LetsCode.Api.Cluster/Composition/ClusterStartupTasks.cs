using LetsCode.Api.Cluster.Configuration;
using LetsCode.Api.Cluster.Queue;
using LetsCode.Api.Configuration;
using LetsCode.Api.Processing;
using LetsCode.Api.Samples;
using LetsCode.Api.Storage;
using LetsCode.Api.Storage.Migrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LetsCode.Api.Cluster.Composition;

/// <summary>
/// Cluster replacement of the embedded start-up: wait for PostgreSQL, apply migrations only when
/// Database:MigrateOnStartup is set (replicas serialise on the migrator's advisory lock), load the samples into an
/// empty database, and create the consumer groups. Unlike embedded mode it does NOT re-queue Running rows: other
/// replicas' sandboxes are judging them. Queued rows missing from Redis are the sweeper's job.
/// </summary>
public sealed class ClusterStartupTasks(
    IServiceScopeFactory scopes,
    SchemaMigrator migrator,
    IClusterQueue queue,
    StartupState state,
    IOptions<LetsCodeOptions> api,
    IOptions<DatabaseOptions> database,
    IOptions<ClusterOptions> cluster,
    ILogger<ClusterStartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await PrepareDatabaseAsync(cancellationToken);
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < 30)
            {
                logger.LogWarning(ex, "PostgreSQL is not ready (attempt {Attempt}); retrying", attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 200 * attempt)), cancellationToken);
            }
        }
        foreach (var language in cluster.Value.Languages)
        {
            await queue.EnsureGroupAsync(language, cancellationToken);
        }
        state.MarkReady();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task PrepareDatabaseAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LetsCodeDbContext>();
        if (database.Value.ShouldMigrate)
        {
            await migrator.MigrateAsync(db, cancellationToken);
        }
        if (api.Value.SeedSamples && !await db.Problems.AnyAsync(cancellationToken))
        {
            try
            {
                await scope.ServiceProvider.GetRequiredService<SampleProblems>().LoadAsync(cancellationToken);
                logger.LogInformation("Loaded the sample problems");
            }
            catch (DbUpdateException ex)
            {
                // Another replica seeded them at the same moment.
                logger.LogInformation(ex, "Sample problems were loaded by another replica");
            }
        }
    }
}
