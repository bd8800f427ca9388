namespace LetsCode.Api.Live;

/// <summary>
/// Fan-out of live messages to WebSocket connections. Messages published for one user arrive at each of that
/// user's subscriptions in publication order. Embedded: in-process; cluster mode swaps in pub/sub across replicas.
/// </summary>
public interface ILiveUpdates
{
    ValueTask PublishAsync(string userId, LiveMessage message, CancellationToken cancellationToken);

    ValueTask BroadcastAsync(LiveMessage message, CancellationToken cancellationToken);

    ILiveSubscription Subscribe(string userId);
}

/// <summary>A connection's inbox. Completed (reader ends) when the subscriber falls too far behind.</summary>
public interface ILiveSubscription : IDisposable
{
    System.Threading.Channels.ChannelReader<LiveMessage> Messages { get; }
}
