using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using LetsCode.Judge.Model;
using LetsCode.Kubernetes.Exec;
using LetsCode.Operator.Configuration;

namespace LetsCode.Operator.Judging;

/// <summary>
/// Runs one job in a claimed sandbox pod: exec of the runner command with the job JSON on stdin, the result JSON
/// read from stdout (docs/runner-protocol.md). Sorts what happened into a verdict, a refused job, or an
/// infrastructure failure to retry elsewhere.
/// </summary>
public sealed class SandboxJudge(IPodExecutor executor, OperatorOptions options)
{
    private const int MaxStderrBytes = 16 * 1024;

    /// <param name="stopping">The operator is shutting down: the exception propagates, nothing is concluded.</param>
    /// <param name="podGone">The pod died or is being deleted: an infrastructure failure.</param>
    public async Task<JudgeOutcome> RunAsync(string @namespace, string pod, JudgeJob job, CancellationToken stopping, CancellationToken podGone)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, podGone);
        linked.CancelAfter(options.ExecTimeout);
        using var stdin = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(job, JudgeJson.Default.JudgeJob), writable: false);
        using var stdout = new BoundedBuffer(options.MaxResultBytes);
        using var stderr = new BoundedBuffer(MaxStderrBytes);
        ExecResult exec;
        try
        {
            exec = await ExecWithUpgradeRetriesAsync(stdin, new ExecRequest
            {
                Namespace = @namespace,
                Pod = pod,
                Container = SandboxPodOptions.ContainerName,
                Command = options.RunnerCommand,
                Stdin = stdin,
                Stdout = stdout,
                Stderr = stderr,
            }, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (podGone.IsCancellationRequested)
        {
            return new JudgeOutcome.InfrastructureFailure("PodGone", $"pod {pod} stopped or was deleted during the run");
        }
        catch (OperationCanceledException)
        {
            return new JudgeOutcome.InfrastructureFailure("ExecTimeout", $"the runner did not answer within {options.ExecTimeout}");
        }
        catch (Exception e) when (e is ExecException or IOException or WebSocketException or HttpRequestException)
        {
            return new JudgeOutcome.InfrastructureFailure(podGone.IsCancellationRequested ? "PodGone" : "ExecFailed", e.Message);
        }

        if (podGone.IsCancellationRequested)
        {
            // The pod died around the end of the run: its answer cannot be trusted to be complete.
            return new JudgeOutcome.InfrastructureFailure("PodGone", $"pod {pod} stopped or was deleted during the run");
        }

        var output = stdout.ToArray();
        if (stdout.Overflowed)
        {
            return new JudgeOutcome.InfrastructureFailure("ResultTooLarge", $"the runner's answer exceeded {options.MaxResultBytes} bytes");
        }

        if (exec.ExitCode == 2)
        {
            return new JudgeOutcome.InvalidJob(ErrorMessage(output) ?? "the runner refused the job");
        }

        if (exec.ExitCode != 0)
        {
            return new JudgeOutcome.InfrastructureFailure("RunnerFailed",
                $"the runner exited with {exec.ExitCode}: {Excerpt(stderr.ToArray())}");
        }

        try
        {
            var result = JsonSerializer.Deserialize(output, JudgeJson.Default.JudgeResult) ?? throw new JsonException("null result");
            return new JudgeOutcome.Judged(result);
        }
        catch (JsonException e)
        {
            return new JudgeOutcome.InfrastructureFailure("BadResult", $"the runner's answer is not a result: {e.Message}");
        }
    }

    /// <summary>
    /// An upgrade the server refused (5xx, 429) never reached the container, so the same pod is still unused and the
    /// exec can simply be tried again; anything after the upgrade is the caller's to judge.
    /// </summary>
    private async Task<ExecResult> ExecWithUpgradeRetriesAsync(MemoryStream stdin, ExecRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                stdin.Position = 0;
                return await executor.ExecAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (ExecException e) when (attempt < 4 && e.HttpStatusCode is >= 500 or 429)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string? ErrorMessage(byte[] output)
    {
        try
        {
            using var document = JsonDocument.Parse(output);
            return document.RootElement.TryGetProperty("error", out var error) ? error.ToString() : null;
        }
        catch (JsonException)
        {
            return Excerpt(output);
        }
    }

    private static string Excerpt(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes.AsSpan(0, Math.Min(bytes.Length, 2048))).Trim();
        return text.Length == 0 ? "(no output)" : text;
    }
}
