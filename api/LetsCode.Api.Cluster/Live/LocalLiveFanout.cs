using LetsCode.Api.Live;

namespace LetsCode.Api.Cluster.Live;

/// <summary>This replica's WebSocket subscriptions: the embedded fan-out, fed by the Redis relay instead of publishers.</summary>
public sealed class LocalLiveFanout
{
    public InProcessLiveUpdates Subscriptions { get; } = new();
}
