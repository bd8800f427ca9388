using System.Diagnostics;
using System.Text;
using LetsCode.Kubernetes.Exec;
using LetsCode.Kubernetes.Models;
using LetsCode.Kubernetes.Tests.Support;

namespace LetsCode.Kubernetes.Tests.Exec;

public sealed class PodExecutorTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private async Task<(LetsCode.Kubernetes.Client.KubernetesApiClient Client, string Namespace)> PodAsync()
    {
        var client = fixture.CreateClient();
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var pods = client.For(KubernetesResources.Pods);
        await pods.CreateAsync(new Pod
        {
            Metadata = new ObjectMeta { Namespace = ns, Name = "sandbox" },
            Spec = new PodSpec { Containers = [new Container { Name = "runner", Image = "letscode/runner" }] },
        });
        await Eventually.TrueAsync(async () => (await pods.GetAsync(ns, "sandbox")).Status?.Phase == "Running", "the pod runs");
        return (client, ns);
    }

    [Fact]
    public async Task Exit_code_zero_with_output()
    {
        var (client, ns) = await PodAsync();
        using var _ = client;
        using var stdout = new MemoryStream();
        var result = await new PodExecutor(client).ExecAsync(new ExecRequest
        {
            Namespace = ns,
            Pod = "sandbox",
            Container = "runner",
            Command = ["echo", "hello", "world"],
            Stdout = stdout,
        });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(ExecChannel.V5Protocol, result.Protocol);
        Assert.Equal("hello world\n", Encoding.UTF8.GetString(stdout.ToArray()));
    }

    [Fact]
    public async Task Non_zero_exit_code_and_stderr()
    {
        var (client, ns) = await PodAsync();
        using var _ = client;
        using var stderr = new MemoryStream();
        var result = await new PodExecutor(client).ExecAsync(new ExecRequest
        {
            Namespace = ns,
            Pod = "sandbox",
            Command = ["exit", "3"],
            Stderr = stderr,
        });

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("NonZeroExitCode", result.Status.Reason);
        Assert.Equal("exiting\n", Encoding.UTF8.GetString(stderr.ToArray()));
    }

    [Fact]
    public async Task Twenty_mebibytes_round_trip_through_stdin_and_stdout()
    {
        const long size = 20L * 1024 * 1024;
        var (client, ns) = await PodAsync();
        using var _ = client;
        using var stdout = new HashingStream();
        var before = GC.GetTotalAllocatedBytes();
        var watch = Stopwatch.StartNew();
        var result = await new PodExecutor(client).ExecAsync(new ExecRequest
        {
            Namespace = ns,
            Pod = "sandbox",
            Command = ["cat"],
            Stdin = new PatternStream(size, seed: 42),
            Stdout = stdout,
        });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(size, stdout.BytesWritten);
        Assert.Equal(PatternStream.Hash(size, 42), stdout.GetHash());
        // Informational: the client streams frames; the whole payload is never held in one buffer.
        Console.WriteLine($"20 MiB exec round trip: {watch.ElapsedMilliseconds} ms, {(GC.GetTotalAllocatedBytes() - before) / (1024 * 1024)} MiB allocated in-process (client and simulator)");
    }

    [Fact]
    public async Task A_command_that_exits_without_reading_stdin_does_not_hang()
    {
        var (client, ns) = await PodAsync();
        using var _ = client;
        var result = await new PodExecutor(client).ExecAsync(new ExecRequest
        {
            Namespace = ns,
            Pod = "sandbox",
            Command = ["exit", "7"],
            Stdin = new PatternStream(64L * 1024 * 1024, seed: 1),
        }).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(7, result.ExitCode);
    }

    [Fact]
    public async Task Cancellation_ends_a_running_command()
    {
        var (client, ns) = await PodAsync();
        using var _ = client;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new PodExecutor(client).ExecAsync(new ExecRequest
        {
            Namespace = ns,
            Pod = "sandbox",
            Command = ["sleep"],
        }, cancel.Token).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Missing_pod_is_an_exec_exception_with_the_http_status()
    {
        var (client, ns) = await PodAsync();
        using var _ = client;
        var error = await Assert.ThrowsAsync<ExecException>(() => new PodExecutor(client).ExecAsync(new ExecRequest
        {
            Namespace = ns,
            Pod = "does-not-exist",
            Command = ["echo"],
        }));
        Assert.Equal(404, error.HttpStatusCode);
    }

    [Fact]
    public async Task A_v4_only_server_is_refused_when_stdin_needs_an_end()
    {
        var (client, ns) = await PodAsync();
        using var _ = client;
        var executor = new PodExecutor(client) { Protocols = [ExecChannel.V4Protocol] };

        var error = await Assert.ThrowsAsync<ExecException>(() => executor.ExecAsync(new ExecRequest
        {
            Namespace = ns,
            Pod = "sandbox",
            Command = ["cat"],
            Stdin = new MemoryStream("x"u8.ToArray()),
        }));
        Assert.Contains("v4.channel.k8s.io", error.Message, StringComparison.Ordinal);

        using var stdout = new MemoryStream();
        var withoutStdin = await executor.ExecAsync(new ExecRequest { Namespace = ns, Pod = "sandbox", Command = ["echo", "v4"], Stdout = stdout });
        Assert.Equal(ExecChannel.V4Protocol, withoutStdin.Protocol);
        Assert.Equal("v4\n", Encoding.UTF8.GetString(stdout.ToArray()));
    }
}
