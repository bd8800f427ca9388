using LetsCode.Api.Configuration;
using LetsCode.Api.Queue;
using LetsCode.Api.Samples;
using LetsCode.Api.Storage;
using LetsCode.Api.Storage.Entities;
using LetsCode.Api.Storage.Migrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LetsCode.Api.Processing;

/// <summary>
/// Before the server takes requests: apply schema migrations, load the sample problems on first start, and queue
/// again every stored submission that is Queued or was Running (embedded mode owns its database alone, so a Running
/// row at start-up was interrupted by the previous process; its claim is released and it is judged afresh).
/// </summary>
public sealed class StartupTasks(
    IServiceScopeFactory scopes,
    SchemaMigrator migrator,
    ISubmissionQueue queue,
    StartupState state,
    IOptions<LetsCodeOptions> options,
    ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LetsCodeDbContext>();
        if (options.Value.MigrateOnStart)
        {
            await migrator.MigrateAsync(db, cancellationToken);
        }
        if (options.Value.SeedSamples && !await db.Problems.AnyAsync(cancellationToken))
        {
            await scope.ServiceProvider.GetRequiredService<SampleProblems>().LoadAsync(cancellationToken);
            logger.LogInformation("Loaded the sample problems");
        }

        var released = await db.Submissions
            .Where(s => s.Status == SubmissionStatus.Running)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SubmissionStatus.Queued), cancellationToken);
        var pending = await db.Submissions.AsNoTracking()
            .Where(s => s.Status == SubmissionStatus.Queued)
            .OrderBy(s => s.QueuedAt)
            .Select(s => s.Id)
            .ToListAsync(cancellationToken);
        foreach (var id in pending)
        {
            await queue.EnqueueAsync(id, cancellationToken);
        }
        if (pending.Count > 0)
        {
            logger.LogInformation("Recovered {Count} submissions ({Released} were interrupted while running)", pending.Count, released);
        }
        state.MarkReady();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
