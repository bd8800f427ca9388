using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace LetsCode.Kubernetes.Simulator;

/// <summary>
/// One open watch: its filter and the queue of already-framed events (one JSON object and a newline each).
/// Events are queued under the store lock, in resourceVersion order, so nothing is lost or reordered.
/// </summary>
internal sealed class Watcher(ResourceType type, string version, string? ns, Func<JsonObject, bool> matches)
{
    // Not SingleReader: the single-reader channel cannot count, and the streamer counts to batch flushes.
    private readonly Channel<byte[]> _events = Channel.CreateUnbounded<byte[]>();

    public ResourceType Type { get; } = type;
    public string Version { get; } = version;
    public string? Namespace { get; } = ns;
    public CancellationTokenSource Dropped { get; } = new();
    public ChannelReader<byte[]> Events => _events.Reader;

    /// <summary>Maps a storage change onto what this watcher sees (selectors turn updates into ADDED/DELETED).</summary>
    public void Offer(string type, StoredObject? old, StoredObject current)
    {
        if (Namespace is not null && current.Namespace != Namespace) return;
        var nowMatches = matches(current.Node);
        switch (type)
        {
            case "ADDED" when nowMatches:
            case "DELETED" when nowMatches:
                Send(type, current);
                break;
            case "MODIFIED":
                var oldMatches = old is not null && matches(old.Node);
                if (oldMatches && nowMatches) Send("MODIFIED", current);
                else if (!oldMatches && nowMatches) Send("ADDED", current);
                else if (oldMatches) Send("DELETED", current);
                break;
        }
    }

    public void Send(string type, StoredObject obj) => Write(Frame(type, obj.JsonFor(Version)));

    public void SendBookmark(long resourceVersion, bool initialEventsEnd = false)
    {
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (initialEventsEnd) metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        var bookmark = new JsonObject
        {
            ["kind"] = Type.Kind,
            ["apiVersion"] = Type.ApiVersion(Version),
            ["metadata"] = metadata,
        };
        Write(Frame("BOOKMARK", Encoding.UTF8.GetBytes(bookmark.ToJsonString())));
    }

    public void SendError(JsonObject status) => Write(Frame("ERROR", Encoding.UTF8.GetBytes(status.ToJsonString())));

    public void Complete() => _events.Writer.TryComplete();

    private void Write(byte[] frame) => _events.Writer.TryWrite(frame);

    private static byte[] Frame(string type, byte[] obj)
    {
        var head = Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\",\"object\":");
        var frame = new byte[head.Length + obj.Length + 2];
        head.CopyTo(frame, 0);
        obj.CopyTo(frame, head.Length);
        frame[^2] = (byte)'}';
        frame[^1] = (byte)'\n';
        return frame;
    }
}
