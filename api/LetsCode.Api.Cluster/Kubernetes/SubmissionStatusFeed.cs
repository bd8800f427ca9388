using System.Runtime.CompilerServices;
using System.Threading.Channels;
using LetsCode.Api.Cluster.Dispatch;
using LetsCode.Kubernetes.Informers;
using LetsCode.Operator.Resources;

namespace LetsCode.Api.Cluster.Kubernetes;

/// <summary>
/// Level-triggered status of the API's Submission resources for any number of readers. Each reader starts with the
/// current state of every resource, then gets each later state. Per reader, states waiting to be read are coalesced
/// by resource (the newest wins), so a slow reader (PostgreSQL down) holds at most one state per resource and never
/// sees a resource go back to an older state. A resource's last state is still delivered after it is deleted (a TTL
/// clean-up right after finishing must not swallow the verdict).
/// </summary>
public sealed class SubmissionStatusFeed
{
    private readonly Lock gate = new();
    private readonly Informer<Submission> informer;
    private readonly string @namespace;
    private readonly List<Reader> readers = [];

    public SubmissionStatusFeed(Informer<Submission> informer, string @namespace)
    {
        this.informer = informer;
        this.@namespace = @namespace;
        // One handler for the informer's lifetime (an informer cannot drop handlers); readers come and go below it.
        informer.AddHandler(ResourceEventHandler<Submission>.ForAny(Offer));
    }

    /// <summary>Readers currently attached (for tests and diagnostics).</summary>
    public int ReaderCount
    {
        get
        {
            lock (gate)
            {
                return readers.Count;
            }
        }
    }

    public async IAsyncEnumerable<SubmissionResourceStatus> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = new Reader();
        lock (gate)
        {
            readers.Add(reader);
            // Under the gate the informer cannot hand us a change between the snapshot and the attachment: a change
            // the snapshot missed arrives after it (newer), one it already holds arrives again (a harmless repeat).
            foreach (var resource in informer.Cache.List(@namespace))
            {
                reader.Put(resource);
            }
        }
        try
        {
            while (true)
            {
                await reader.Signal.Reader.ReadAsync(cancellationToken);
                foreach (var resource in reader.TakeAll())
                {
                    if (SubmissionResourceMapper.ToStatus(resource) is { } status)
                    {
                        yield return status;
                    }
                }
            }
        }
        finally
        {
            lock (gate)
            {
                readers.Remove(reader);
            }
        }
    }

    private void Offer(Submission resource)
    {
        if (resource.Metadata.Namespace != @namespace || SubmissionResourceMapper.SubmissionIdOf(resource) is null)
        {
            return; // not an API submission (made with kubectl, say): nothing to record
        }
        lock (gate)
        {
            foreach (var reader in readers)
            {
                reader.Put(resource);
            }
        }
    }

    private sealed class Reader
    {
        private readonly Lock gate = new();
        private Dictionary<string, Submission> waiting = new(StringComparer.Ordinal);

        public Channel<bool> Signal { get; } = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });

        public void Put(Submission resource)
        {
            lock (gate)
            {
                waiting[resource.Metadata.Name ?? ""] = resource;
            }
            Signal.Writer.TryWrite(true);
        }

        public List<Submission> TakeAll()
        {
            Dictionary<string, Submission> taken;
            lock (gate)
            {
                taken = waiting;
                waiting = new Dictionary<string, Submission>(StringComparer.Ordinal);
            }
            return [.. taken.Values];
        }
    }
}
