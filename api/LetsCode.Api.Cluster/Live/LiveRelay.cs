using LetsCode.Api.Cluster.Queue;
using LetsCode.Api.Live;
using LetsCode.Redis;
using LetsCode.Redis.PubSub;

namespace LetsCode.Api.Cluster.Live;

/// <summary>
/// Subscribes (one pattern subscription per replica) to every user's live channel and hands each message to this
/// replica's local subscriptions, dropping duplicates and late arrivals by per-submission sequence. Pub/sub is
/// at-most-once: messages published while this replica was disconnected from Redis are missed (a client sees a gap,
/// never a reordering) and the final state is always in PostgreSQL for GET.
/// <para>
/// A verdict relayed here also wakes this replica's ?wait=true requests for that submission: the replica whose status
/// sync recorded it may be another one, and without the hint a waiter here would only notice on its next poll.
/// </para>
/// </summary>
public sealed class LiveRelay(IRedisClient redis, RedisKeys keys, LocalLiveFanout local, CompletionSignals completions, ILogger<LiveRelay> logger)
    : IHostedService, IAsyncDisposable
{
    private readonly SequenceFilter filter = new();
    private RedisSubscription? subscription;

    public async Task StartAsync(CancellationToken cancellationToken) =>
        subscription = await redis.SubscribeAsync(keys.LiveUserPattern, HandleAsync, isPattern: true, cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        var current = Interlocked.Exchange(ref subscription, null);
        if (current is not null)
        {
            await current.DisposeAsync();
        }
    }

    private async Task HandleAsync(RedisMessage message, CancellationToken cancellationToken)
    {
        if (!LiveEnvelope.TryParse(message.Payload.ToString() ?? "", out var sequence, out var live) || live is null)
        {
            logger.LogWarning("Ignoring a malformed live message on {Channel}", message.Channel);
            return;
        }
        if (live.Data is StatusUpdateData status && !filter.Accept(status.SubmissionId, sequence, status.Verdict is not null))
        {
            return;
        }
        await local.Subscriptions.PublishAsync(keys.UserOfChannel(message.Channel), live, cancellationToken);
        if (live.Data is StatusUpdateData { Verdict: not null } final)
        {
            completions.Signal(final.SubmissionId);
        }
    }
}
