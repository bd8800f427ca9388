using System.Collections.Concurrent;
using System.Threading.Channels;

namespace LetsCode.Api.Live;

/// <summary>
/// Embedded fan-out: each subscription is a bounded channel. A subscriber that falls more than Capacity messages
/// behind is disconnected (its channel completes) rather than silently skipping updates, so what a client does
/// receive is always complete and in order; it can reconnect and GET the submission.
/// </summary>
public sealed class InProcessLiveUpdates : ILiveUpdates
{
    private const int Capacity = 4096;
    private readonly ConcurrentDictionary<Subscription, string> subscriptions = new();

    public ValueTask PublishAsync(string userId, LiveMessage message, CancellationToken cancellationToken)
    {
        foreach (var (subscription, user) in subscriptions)
        {
            if (user == userId)
            {
                subscription.Offer(message);
            }
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask BroadcastAsync(LiveMessage message, CancellationToken cancellationToken)
    {
        foreach (var subscription in subscriptions.Keys)
        {
            subscription.Offer(message);
        }
        return ValueTask.CompletedTask;
    }

    public ILiveSubscription Subscribe(string userId)
    {
        var subscription = new Subscription(this);
        subscriptions[subscription] = userId;
        return subscription;
    }

    private sealed class Subscription(InProcessLiveUpdates owner) : ILiveSubscription
    {
        private readonly Channel<LiveMessage> channel = Channel.CreateBounded<LiveMessage>(
            new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        private readonly Lock gate = new();

        public ChannelReader<LiveMessage> Messages => channel.Reader;

        // Publishers for one submission are sequential, and the lock orders concurrent publishers consistently.
        public void Offer(LiveMessage message)
        {
            lock (gate)
            {
                if (!channel.Writer.TryWrite(message))
                {
                    channel.Writer.TryComplete(new InvalidOperationException("subscriber fell behind"));
                }
            }
        }

        public void Dispose()
        {
            owner.subscriptions.TryRemove(this, out _);
            channel.Writer.TryComplete();
        }
    }
}
