using System.Net.Http.Json;
using System.Text;
using LetsCode.Judge.Model;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Config;
using LetsCode.Kubernetes.Controllers;
using LetsCode.Kubernetes.Models;
using LetsCode.Kubernetes.Simulator;
using LetsCode.Kubernetes.Watch;
using LetsCode.Operator.Configuration;
using LetsCode.Operator.Hosting;
using LetsCode.Operator.Rendering;
using LetsCode.Operator.Resources;

namespace LetsCode.Operator.Tests.Support;

/// <summary>
/// A simulated API server with our CRDs installed, the sandbox namespace, and an operator that can be started,
/// killed and started again. Exec runs the real runner.
/// </summary>
public sealed class OperatorEnvironment : IAsyncDisposable
{
    public const string Namespace = "letscode-sandbox";

    public const string CorrectPython = "a, b = map(int, input().split())\nprint(a + b)\n";
    public const string WrongPython = "a, b = map(int, input().split())\nprint(a - b)\n";

    private CancellationTokenSource? _operatorStop;
    private Task? _operatorRun;
    private int _submissionCounter;

    private OperatorEnvironment(KubernetesSimulator simulator, RunnerExecHandler exec, KubernetesApiClient api, OperatorOptions options)
    {
        Simulator = simulator;
        Exec = exec;
        Api = api;
        Options = options;
        Pods = api.For(KubernetesResources.Pods);
        Pools = api.For(LetsCodeResources.WarmPools);
        Submissions = api.For(LetsCodeResources.Submissions);
    }

    public KubernetesSimulator Simulator { get; }
    public RunnerExecHandler Exec { get; }
    public KubernetesApiClient Api { get; }
    public OperatorOptions Options { get; }
    public IResourceClient<Pod> Pods { get; }
    public IResourceClient<WarmPool> Pools { get; }
    public IResourceClient<Submission> Submissions { get; }
    public OperatorHost? Operator { get; private set; }

    public static async Task<OperatorEnvironment> StartAsync(OperatorOptions? options = null)
    {
        var runner = TestPaths.Runner;
        if (!File.Exists(runner))
        {
            throw new InvalidOperationException($"the runner is not built at {runner} (dotnet build judge/LetsCode.Runner)");
        }

        var exec = new RunnerExecHandler(runner);
        var simulator = await KubernetesSimulator.StartAsync(new SimulatorOptions { ExecHandler = exec, PodStartDelay = TimeSpan.FromMilliseconds(150) });
        await InstallCrdsAsync(simulator.BaseAddress);
        var api = new KubernetesApiClient(new KubernetesClientConfiguration { Server = simulator.BaseAddress, Namespace = Namespace },
            new KubernetesClientOptions { DefaultRetryAfter = TimeSpan.FromMilliseconds(100), MaxRetryAfter = TimeSpan.FromSeconds(1) });
        await api.For(KubernetesResources.Namespaces).CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = Namespace } });
        options ??= new OperatorOptions();
        options = options with
        {
            Namespace = Namespace,
            PodReadyTimeout = options.PodReadyTimeout == new OperatorOptions().PodReadyTimeout ? TimeSpan.FromSeconds(20) : options.PodReadyTimeout,
            WaitForPodInterval = TimeSpan.FromMilliseconds(200),
            QuotaRetryInterval = TimeSpan.FromMilliseconds(500),
        };
        return new OperatorEnvironment(simulator, exec, api, options);
    }

    /// <summary>Starts an operator (with leader election on a Lease, as in production).</summary>
    public void StartOperator()
    {
        if (_operatorRun is not null) throw new InvalidOperationException("already running");
        Operator = NewOperator();
        _operatorStop = new CancellationTokenSource();
        _operatorRun = Operator.RunAsync(_operatorStop.Token);
    }

    /// <summary>
    /// An operator replica the test runs itself (e.g. a second one competing for the Lease), on the environment's
    /// connection or on <paramref name="api"/> (one from <see cref="NewConnection"/>, to kill it alone).
    /// </summary>
    public OperatorHost NewOperator(KubernetesApiClient? api = null)
    {
        var identity = $"test-{Guid.NewGuid():N}"[..13];
        return new OperatorHost(api ?? Api, Options, new OperatorHostSettings
        {
            Identity = identity,
            LeaderElection = new LeaderElectionOptions
            {
                LeaseNamespace = Namespace,
                LeaseName = "letscode-operator",
                Identity = identity,
                LeaseDuration = TimeSpan.FromSeconds(6),
                RenewDeadline = TimeSpan.FromSeconds(4),
                RetryPeriod = TimeSpan.FromMilliseconds(500),
            },
            WatchOptions = new ResilientWatchOptions { InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromSeconds(1) },
        });
    }

    /// <summary>A connection to the simulator of its own, through <paramref name="handler"/> (e.g. a <see cref="KillSwitchHandler"/>).</summary>
    public KubernetesApiClient NewConnection(HttpMessageHandler handler) => new(new HttpClient(handler), Api.Configuration, Api.Options);

    /// <summary>
    /// Stops the operator as SIGTERM does: cancels everything it does and releases its Lease on the way out, so a
    /// successor takes over at once. For a crash that leaves the Lease held, see <see cref="KillSwitchHandler"/>.
    /// </summary>
    public async Task StopOperatorAsync()
    {
        if (_operatorRun is null) return;
        await _operatorStop!.CancelAsync();
        await _operatorRun.WaitAsync(TimeSpan.FromSeconds(30));
        _operatorStop.Dispose();
        (_operatorRun, _operatorStop, Operator) = (null, null, null);
    }

    public Task<WarmPool> CreatePoolAsync(string name = "python3", int min = 2, int max = 10, int? replicas = null, int scaleDownDelaySeconds = 300) =>
        Pools.CreateAsync(new WarmPool
        {
            Metadata = new ObjectMeta { Name = name, Namespace = Namespace },
            Spec = new WarmPoolSpec
            {
                Language = "python3",
                Image = "ghcr.io/letscode/runner-python3:test",
                MinReplicas = min,
                MaxReplicas = max,
                Replicas = replicas,
                ScaleDownDelaySeconds = scaleDownDelaySeconds,
            },
        });

    public Task<Submission> CreateSubmissionAsync(string source = CorrectPython, string? name = null, int? priority = null) =>
        Submissions.CreateAsync(new Submission
        {
            Metadata = new ObjectMeta { Name = name ?? $"sub-{Interlocked.Increment(ref _submissionCounter)}", Namespace = Namespace },
            Spec = new SubmissionSpec
            {
                Language = "python3",
                Source = source,
                Tests =
                [
                    new TestCase { Name = "1", Input = "1 2\n", ExpectedOutput = "3\n" },
                    new TestCase { Name = "2", Input = "-5 5\n", ExpectedOutput = "0\n" },
                ],
                Limits = new Limits { TimeMs = 2000, MemoryMiB = 128 },
                Priority = priority,
            },
        });

    public async Task<List<Pod>> PoolPodsAsync(string pool = "python3") =>
        (await Pods.ListAsync(Namespace, new ListOptions { LabelSelector = $"{SandboxLabels.Pool}={pool}" })).Items
            .Where(p => p.Metadata.DeletionTimestamp is null).ToList();

    public async Task<List<Pod>> IdleReadyPodsAsync(string pool = "python3") =>
        [.. (await PoolPodsAsync(pool)).Where(LetsCode.Operator.Controllers.PodStates.IsClaimable)];

    public async Task<Submission> WaitFinishedAsync(string name, TimeSpan? timeout = null)
    {
        Submission? last = null;
        await WaitUntilAsync(async () =>
        {
            last = await Submissions.GetAsync(Namespace, name);
            return SubmissionPhase.IsFinished(last.Status?.Phase);
        }, timeout ?? TimeSpan.FromSeconds(60), () => $"submission {name} did not finish: {Describe(last)}");
        return last!;
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> message)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (KubernetesApiException) when (DateTime.UtcNow < deadline)
            {
                // Injected faults in some tests: look again.
            }

            if (DateTime.UtcNow > deadline) throw new TimeoutException(message());
            await Task.Delay(100);
        }
    }

    public static string Describe(Submission? submission) =>
        submission is null ? "(none)" : $"phase={submission.Status?.Phase} verdict={submission.Status?.Verdict} attempts={submission.Status?.Attempts} message={submission.Status?.Message}";

    private static async Task InstallCrdsAsync(Uri server)
    {
        using var http = new HttpClient { BaseAddress = server };
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "crds"), "*.yaml"))
        {
            foreach (var document in YamlJson.ParseDocuments(await File.ReadAllTextAsync(file)))
            {
                if (document is null) continue;
                using var content = new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json");
                using var response = await http.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", content);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"installing {file}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        // Served once established.
        await WaitUntilAsync(async () =>
        {
            using var submissions = await http.GetAsync($"/apis/{LetsCodeResources.Group}/{LetsCodeResources.Version}/submissions");
            using var pools = await http.GetAsync($"/apis/{LetsCodeResources.Group}/{LetsCodeResources.Version}/warmpools");
            return submissions.IsSuccessStatusCode && pools.IsSuccessStatusCode;
        }, TimeSpan.FromSeconds(10), () => "CRDs not served");
    }

    public async ValueTask DisposeAsync()
    {
        Exec.Release();
        await StopOperatorAsync();
        Api.Dispose();
        await Simulator.DisposeAsync();
    }
}
