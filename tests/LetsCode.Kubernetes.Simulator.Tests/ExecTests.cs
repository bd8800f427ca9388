using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator.Tests;

/// <summary>pods/exec over WebSocket: channels, stdin close, exit status, large streams, refusals, cut-offs.</summary>
public sealed class ExecTests : IAsyncLifetime
{
    private readonly ScriptedExecHandler _handler = new();
    private KubernetesSimulator _simulator = null!;
    private ApiClient _api = null!;

    public async Task InitializeAsync()
    {
        _simulator = await KubernetesSimulator.StartAsync(new SimulatorOptions { ExecHandler = _handler, PodStartDelay = TimeSpan.Zero });
        _api = new ApiClient(_simulator.BaseAddress);
        await _api.CreateAsync("/api/v1/namespaces/default/pods", Objects.Pod("p"));
        await Objects.Eventually(async () => (await _api.GetObjectAsync("/api/v1/namespaces/default/pods/p"))["status"]!["phase"].Str() == "Running", "running");
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task Exit_code_zero_is_a_Success_status()
    {
        await using var exec = await ExecClient.ConnectAsync(_simulator.BaseAddress, "command=echo&command=hi&stdout=true&stderr=true");
        Assert.Equal("v5.channel.k8s.io", exec.Protocol);
        var result = await exec.ReadAllAsync();
        Assert.Equal("hi\n", result.StdoutText);
        Assert.Equal("Success", result.Status!["status"].Str());
    }

    [Fact]
    public async Task Non_zero_exit_codes_are_reported_as_NonZeroExitCode_with_an_ExitCode_cause()
    {
        await using var exec = await ExecClient.ConnectAsync(_simulator.BaseAddress, "command=exit&command=42&stdout=true&stderr=true");
        var result = await exec.ReadAllAsync();
        Assert.Equal("exiting with 42\n", result.Stderr);
        Assert.Equal("Failure", result.Status!["status"].Str());
        Assert.Equal("NonZeroExitCode", result.Status["reason"].Str());
        var cause = result.Status["details"]!["causes"]![0]!;
        Assert.Equal("ExitCode", cause["reason"].Str());
        Assert.Equal("42", cause["message"].Str());
    }

    [Fact]
    public async Task Twenty_MiB_round_trip_through_stdin_and_stdout()
    {
        await using var exec = await ExecClient.ConnectAsync(_simulator.BaseAddress, "command=cat&stdin=true&stdout=true&stderr=true");
        var payload = new byte[20 * 1024 * 1024];
        new Random(7).NextBytes(payload);
        var reading = exec.ReadAllAsync();
        for (var offset = 0; offset < payload.Length; offset += 100_000)
        {
            await exec.SendAsync(0, payload.AsMemory(offset, Math.Min(100_000, payload.Length - offset)));
        }

        await exec.CloseStdinAsync();
        var result = await reading;
        Assert.Equal(payload.Length, result.Stdout!.Length);
        Assert.Equal(SHA256.HashData(payload), SHA256.HashData(result.Stdout.ToArray()));
        Assert.Equal("Success", result.Status!["status"].Str());
    }

    [Fact]
    public async Task The_v4_protocol_is_negotiated_when_the_client_asks_only_for_it()
    {
        await using var exec = await ExecClient.ConnectAsync(_simulator.BaseAddress, "command=echo&command=v4&stdout=true", "v4.channel.k8s.io");
        Assert.Equal("v4.channel.k8s.io", exec.Protocol);
        Assert.Equal("v4\n", (await exec.ReadAllAsync()).StdoutText);
    }

    [Fact]
    public async Task Exec_is_refused_before_the_upgrade_with_a_Status()
    {
        (await _api.GetAsync("/api/v1/namespaces/default/pods/ghost/exec?command=ls&stdout=true")).AssertStatus(404, "NotFound");
        (await _api.GetAsync("/api/v1/namespaces/default/pods/p/exec?command=ls&stdout=true")).AssertStatus(400, "BadRequest");
        (await _api.GetAsync("/api/v1/namespaces/default/pods/p/exec?command=ls&container=nope")).AssertStatus(400, "BadRequest");

        _simulator.Kubelet.Unschedulable = true;
        await _api.CreateAsync("/api/v1/namespaces/default/pods", Objects.Pod("pending"));
        var pending = await _api.GetAsync("/api/v1/namespaces/default/pods/pending/exec?command=ls&stdout=true");
        Assert.Contains("does not have a host assigned", pending.AssertStatus(400, "BadRequest")["message"].Str());

        var refused = await Assert.ThrowsAsync<WebSocketException>(() =>
            ExecClient.ConnectAsync(_simulator.BaseAddress, "command=ls&stdout=true", "base64.channel.k8s.io"));
        Assert.NotNull(refused);
    }

    [Fact]
    public async Task Deleting_the_pod_cuts_a_running_exec()
    {
        await using var exec = await ExecClient.ConnectAsync(_simulator.BaseAddress, "command=sleep&stdout=true&stderr=true");
        await Objects.Eventually(() => Task.FromResult(_handler.Calls.Count == 1), "exec started");
        var reading = exec.ReadAllAsync(timeoutSeconds: 10);
        await _api.DeleteAsync("/api/v1/namespaces/default/pods/p");
        var error = await Record.ExceptionAsync(() => reading);
        Assert.IsType<WebSocketException>(error); // the connection was aborted, not closed cleanly or timed out
        await Objects.Eventually(() => Task.FromResult(_handler.Cancelled == 1), "handler cancelled");
    }

    [Fact]
    public async Task Concurrent_execs_are_independent()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            await using var exec = await ExecClient.ConnectAsync(_simulator.BaseAddress, "command=cat&stdin=true&stdout=true");
            var reading = exec.ReadAllAsync();
            await exec.SendAsync(0, Encoding.UTF8.GetBytes($"run {i}"));
            await exec.CloseStdinAsync();
            return (await reading).StdoutText;
        }));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"run {i}"), runs);
    }
}
