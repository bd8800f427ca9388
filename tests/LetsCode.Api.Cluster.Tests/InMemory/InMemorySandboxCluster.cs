using System.Runtime.CompilerServices;
using System.Threading.Channels;
using LetsCode.Api.Cluster.Dispatch;

namespace LetsCode.Api.Cluster.Tests.InMemory;

/// <summary>
/// In-memory Submission resources and a WarmPool of a fixed number of pods, behaving as the operator documents it:
/// a created resource is Pending until a pod is free, then Running for <c>runTime</c>, then Succeeded with a verdict
/// and per-test results. Create is idempotent by name (a repeat is AlreadyExisted). It records what the tests assert:
/// how often each name was created and the most resources ever unfinished at once. This is the seam the Kubernetes
/// implementation fills in a real cluster, not a fake of a server that could run here.
/// </summary>
public sealed class InMemorySandboxCluster : ISandboxCapacity, ISubmissionResources
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Resource> resources = new(StringComparer.Ordinal);
    private readonly List<Resource> pendingOrder = [];
    private readonly List<Channel<SubmissionResourceStatus>> watchers = [];
    private readonly int pods;
    private readonly TimeSpan runTime;
    private int running;
    private int maxUnfinished;
    private int repeats;

    public InMemorySandboxCluster(int pods, TimeSpan runTime, bool autoRun = true)
    {
        this.pods = pods;
        this.runTime = runTime;
        AutoRun = autoRun;
    }

    public bool AutoRun { get; set; }

    public string Verdict { get; set; } = "Accepted";

    public int TestsPerSubmission { get; set; } = 2;

    public int MaxUnfinished { get { lock (gate) { return maxUnfinished; } } }

    public int Created { get { lock (gate) { return resources.Count; } } }

    public int Repeats { get { lock (gate) { return repeats; } } }

    public int Finished { get { lock (gate) { return resources.Values.Count(r => r.Status.IsFinished); } } }

    public IReadOnlyList<SubmissionResourceSpec> Specs { get { lock (gate) { return resources.Values.Select(r => r.Spec).ToList(); } } }

    public Task<SandboxCapacity?> GetAsync(string language, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<SandboxCapacity?>(new SandboxCapacity(pods - running, running, 0));
        }
    }

    public Task<CreateOutcome> CreateAsync(SubmissionResourceSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        cancellationToken.ThrowIfCancellationRequested();
        SubmissionResourceStatus status;
        lock (gate)
        {
            if (resources.ContainsKey(spec.Name))
            {
                repeats++;
                return Task.FromResult(CreateOutcome.AlreadyExisted);
            }
            var resource = new Resource(spec, new SubmissionResourceStatus { Name = spec.Name, SubmissionId = spec.SubmissionId });
            resources.Add(spec.Name, resource);
            pendingOrder.Add(resource);
            maxUnfinished = Math.Max(maxUnfinished, resources.Values.Count(r => !r.Status.IsFinished));
            status = resource.Status;
        }
        Notify(status);
        if (AutoRun)
        {
            Schedule();
        }
        return Task.FromResult(CreateOutcome.Created);
    }

    public Task<IReadOnlyCollection<string>> ListActiveAsync(string language, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyCollection<string> active = resources.Values
                .Where(r => r.Spec.Language == language && !r.Status.IsFinished)
                .Select(r => r.Spec.Name)
                .ToHashSet(StringComparer.Ordinal);
            return Task.FromResult(active);
        }
    }

    /// <summary>This store is its own list, so a create shows at once (as opposed to a lagging informer cache).</summary>
    public bool ListIncludesOwnCreates { get; set; } = true;

    public async IAsyncEnumerable<SubmissionResourceStatus> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<SubmissionResourceStatus>();
        lock (gate)
        {
            foreach (var resource in resources.Values)
            {
                channel.Writer.TryWrite(resource.Status);
            }
            watchers.Add(channel);
        }
        try
        {
            await foreach (var status in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return status;
            }
        }
        finally
        {
            lock (gate)
            {
                watchers.Remove(channel);
            }
        }
    }

    /// <summary>Starts pending resources on free pods (creation order).</summary>
    public void Schedule()
    {
        var started = new List<Resource>();
        lock (gate)
        {
            while (running < pods && pendingOrder.Count > 0)
            {
                var next = pendingOrder[0];
                pendingOrder.RemoveAt(0);
                running++;
                next.Status = next.Status with { Phase = SubmissionPhase.Running };
                started.Add(next);
            }
        }
        foreach (var resource in started)
        {
            Notify(resource.Status);
            _ = Task.Run(() => RunAsync(resource));
        }
    }

    private async Task RunAsync(Resource resource)
    {
        await Task.Delay(runTime);
        var tests = Enumerable.Range(1, TestsPerSubmission)
            .Select(i => new ResourceTestResult(i.ToString(System.Globalization.CultureInfo.InvariantCulture), Verdict, 1, 2, 1024))
            .ToList();
        SubmissionResourceStatus final;
        lock (gate)
        {
            running--;
            resource.Status = resource.Status with
            {
                Phase = SubmissionPhase.Succeeded,
                Verdict = Verdict,
                Passed = Verdict == "Accepted" ? tests.Count : 0,
                Total = tests.Count,
                MaxTimeMs = 1,
                MaxMemoryKiB = 1024,
                Tests = tests,
            };
            final = resource.Status;
        }
        Notify(final);
        Schedule();
    }

    private void Notify(SubmissionResourceStatus status)
    {
        lock (gate)
        {
            foreach (var watcher in watchers)
            {
                watcher.Writer.TryWrite(status);
            }
        }
    }

    private sealed class Resource(SubmissionResourceSpec spec, SubmissionResourceStatus status)
    {
        public SubmissionResourceSpec Spec { get; } = spec;

        public SubmissionResourceStatus Status { get; set; } = status;
    }
}
