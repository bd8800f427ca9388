using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using LetsCode.Api.Cluster.Tests.Infrastructure;
using LetsCode.Api.Cluster.Tests.Kubernetes.Support;
using LetsCode.Kubernetes.Simulator;
using LetsCode.Testing.Processes;

namespace LetsCode.Api.Cluster.Tests.Kubernetes;

/// <summary>
/// The production topology with the shipped binaries, minus Kubernetes itself: two `letscode-server` processes
/// configured exactly as the Helm chart's API Deployment configures them (environment variable names included), one
/// `letscode-operator run` process, real redis-server and PostgreSQL, and the API server simulator whose kubelet execs
/// the real `letscode-runner judge` (bubblewrap sandbox) for each sandbox pod. A submission made over HTTP on replica
/// A goes Redis -> dispatcher -> Submission resource -> operator -> pod exec -> verdict in PostgreSQL, and replica B's
/// WebSocket client sees every update.
/// </summary>
[Collection(SharedServersCollection.Name)]
public sealed class ShippedBinariesTests(SharedServers servers) : IAsyncLifetime
{
    private const string Token = "shipped-binaries-token";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    private readonly List<ServerProcess> processes = [];
    private readonly string scratch = Directory.CreateTempSubdirectory("letscode-shipped-").FullName;
    private SandboxNamespace cluster = null!;
    private RealRunnerExec exec = null!;

    public async Task InitializeAsync()
    {
        exec = new RealRunnerExec(RepositoryPaths.RequiredRunner);
        cluster = await SandboxNamespace.StartAsync(new SimulatorOptions { ExecHandler = exec, PodStartDelay = TimeSpan.FromMilliseconds(100) });
    }

    public async Task DisposeAsync()
    {
        foreach (var process in processes)
        {
            await process.KillAsync();
            process.Dispose();
        }
        await cluster.DisposeAsync();
        Directory.Delete(scratch, recursive: true);
    }

    [Fact]
    public async Task A_submission_on_one_replica_is_judged_in_a_sandbox_pod_and_streamed_by_the_other()
    {
        var kubeconfig = Path.Combine(scratch, "kubeconfig");
        cluster.Simulator.WriteKubeconfig(kubeconfig);
        await cluster.CreatePoolAsync("python3", "python3", min: 1, max: 2);
        var postgres = await servers.Postgres.CreateUniqueDatabaseAsync("shipped");
        var prefix = SharedServers.NewPrefix();

        var a = await StartApiAsync("a", postgres, prefix, kubeconfig);
        var b = await StartApiAsync("b", postgres, prefix, kubeconfig);
        StartOperator(kubeconfig, testSuites: a.BaseAddress!);

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{b.BaseAddress!.Authority}/ws?userId=erin"), CancellationToken.None);
        var correct = await SubmitAsync(a, "a, b = map(int, input().split())\nprint(a + b)\n");
        var wrong = await SubmitAsync(b, "a, b = map(int, input().split())\nprint(a * b)\n");

        var accepted = await CompletedAsync(b, correct);
        Assert.Equal("Accepted", accepted.GetProperty("verdict").GetProperty("status").GetString());
        var tests = accepted.GetProperty("testResults").EnumerateArray().ToList();
        Assert.NotEmpty(tests);
        Assert.All(tests, t => Assert.Equal("Accepted", t.GetProperty("verdict").GetString()));
        var rejected = await CompletedAsync(a, wrong);
        Assert.Equal("WrongAnswer", rejected.GetProperty("verdict").GetProperty("status").GetString());
        Assert.True(exec.Runs >= 2, $"the runner ran {exec.Runs} times");

        // Replica B streamed every update of the submission replica A accepted, in order, ending with the verdict.
        var updates = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!updates.Contains("Completed"))
        {
            var message = await LiveSocket.ReceiveAsync(socket, timeout.Token);
            var data = message.GetProperty("data");
            if (message.GetProperty("type").GetString() == "status_update" && data.GetProperty("submissionId").GetGuid() == correct)
            {
                updates.Add(data.GetProperty("status").GetString()!);
            }
        }
        Assert.Equal("Queued", updates[0]);
        Assert.Contains("Running", updates);
        Assert.Equal("Completed", updates[^1]);

        // Both replicas stay ready, with their database and Redis.
        foreach (var replica in new[] { a, b })
        {
            var ready = await replica.GetFromJsonAsync<JsonElement>("/readyz");
            Assert.Equal("ready", ready.GetProperty("status").GetString());
            Assert.Equal("ok", ready.GetProperty("checks").GetProperty("redis").GetString());
            Assert.Equal("ok", ready.GetProperty("checks").GetProperty("kubernetes").GetString());
        }

        // The languages are the WarmPools' (the API machine's compilers do not count), and a custom run is judged in
        // a sandbox pod too, never in the API process.
        var languages = await b.GetFromJsonAsync<JsonElement>("/api/languages");
        Assert.Equal(["python3"], languages.EnumerateArray().Select(l => l.GetProperty("name").GetString()));
        var runs = exec.Runs;
        var custom = await b.PostAsJsonAsync("/api/test", new { code = "print(input()[::-1])", input = "sandboxed", language = "python3" });
        Assert.Equal(HttpStatusCode.OK, custom.StatusCode);
        var output = await custom.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(output.GetProperty("success").GetBoolean(), output.ToString());
        Assert.Equal("dexobdnas\n", output.GetProperty("output").GetString());
        Assert.Equal(runs + 1, exec.Runs);
    }

    /// <summary>One API replica, with the environment charts/letscode/templates/api/deployment.yaml gives it.</summary>
    private async Task<HttpClient> StartApiAsync(string name, string postgres, string prefix, string kubeconfig)
    {
        var port = FreeLoopbackPort.Next();
        var environment = new Dictionary<string, string?>
        {
            ["Mode"] = "Cluster",
            ["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster__Namespace"] = SandboxNamespace.Namespace,
            ["Database__ApplyMigrations"] = "true",
            ["ConnectionStrings__Postgres"] = postgres,
            ["ConnectionStrings__Redis"] = servers.Redis.ConnectionString,
            ["Internal__Token"] = Token,
            ["LetsCode__DataDirectory"] = Path.Combine(scratch, "data-" + name),
            // What the chart does not set: this test's isolation on the shared Redis, and where the API server is
            // (in a pod: the service account; here: the simulator's kubeconfig).
            ["Cluster__KeyPrefix"] = prefix,
            ["KUBECONFIG"] = kubeconfig,
            ["ASPNETCORE_URLS"] = null,
            ["DOTNET_ENVIRONMENT"] = null,
            ["ASPNETCORE_ENVIRONMENT"] = null,
        };
        var server = Start("letscode-server-" + name, RepositoryPaths.BuiltAssembly("api/LetsCode.Server", "letscode-server.dll"), [], environment);
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        await EventuallyAsync(server, async () =>
        {
            try
            {
                return (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, $"replica {name} ready");
        return http;
    }

    /// <summary>The operator as the chart's operator Deployment runs it (one replica here, so no leader election).</summary>
    private void StartOperator(string kubeconfig, Uri testSuites) =>
        Start("letscode-operator", RepositoryPaths.BuiltAssembly("operator/LetsCode.Operator", "letscode-operator.dll"),
        [
            "run", "--kubeconfig", kubeconfig, "--namespace=" + SandboxNamespace.Namespace, "--leader-elect=false",
            "--test-suite-endpoint", testSuites.ToString(), "--health-port=" + FreeLoopbackPort.Next(), "--metrics-port=" + FreeLoopbackPort.Next(),
        ], new Dictionary<string, string?> { ["LETSCODE_INTERNAL_TOKEN"] = Token });

    private ServerProcess Start(string name, string assembly, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        // dotnet test tells its children where the muxer is; a plain PATH lookup otherwise.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var process = ServerProcess.Start(dotnet, [assembly, .. arguments], scratch, RunAs.CurrentUser, environment, name);
        processes.Add(process);
        return process;
    }

    private static async Task<Guid> SubmitAsync(HttpClient replica, string code)
    {
        var response = await replica.PostAsJsonAsync("/api/submit",
            new { code, language = "python3", problemId = "a-plus-b", userId = "erin", isCustomTest = false });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("submissionId").GetGuid();
    }

    private async Task<JsonElement> CompletedAsync(HttpClient replica, Guid id)
    {
        JsonElement document = default;
        await EventuallyAsync(null, async () =>
        {
            document = await replica.GetFromJsonAsync<JsonElement>($"/api/submission/{id}");
            return document.GetProperty("status").GetString() is "Completed" or "Failed";
        }, $"submission {id} finished");
        Assert.Equal("Completed", document.GetProperty("status").GetString());
        return document;
    }

    /// <summary>Polls a condition; on time-out (or when a process it waits for exits) fails with every process's output.</summary>
    private async Task EventuallyAsync(ServerProcess? watched, Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!await condition())
        {
            if (watched is { HasExited: true })
            {
                Assert.Fail(await watched.ExplainExitAsync($"{what}: {watched.Description} exited with code {watched.ExitCode}"));
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(string.Join("\n\n", processes.Select(p => p.Explain($"{what}: not after {Wait.TotalSeconds:0} s"))));
            }
            await Task.Delay(100);
        }
    }
}
