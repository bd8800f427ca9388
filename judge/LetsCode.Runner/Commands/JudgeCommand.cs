using System.Text;
using System.Text.Json;
using LetsCode.Judge.Judging;
using LetsCode.Judge.Languages;
using LetsCode.Judge.Model;

namespace LetsCode.Runner.Commands;

/// <summary>
/// `letscode-runner judge`: one job as JSON on stdin, one result as JSON on stdout. Exit 0 whenever a verdict was
/// produced (InternalError included), 2 with {"error": ...} when the job is not valid JSON or not a valid job.
/// </summary>
internal static class JudgeCommand
{
    public const int VerdictProduced = 0;
    public const int InvalidJob = 2;

    /// <summary>A job larger than this is refused before parsing (tests beyond it belong in files, not one JSON).</summary>
    private const long MaxJobBytes = 512L * 1024 * 1024;

    public static async Task<int> RunAsync(JudgeOptions options, Stream stdin, Stream stdout, CancellationToken cancellationToken)
    {
        var detector = new LanguageDetector();
        JudgeJob? job;
        try
        {
            var bytes = await ReadBoundedAsync(stdin, cancellationToken).ConfigureAwait(false);
            if (bytes is null) return await ErrorAsync(stdout, $"job: larger than {MaxJobBytes} bytes", cancellationToken).ConfigureAwait(false);
            if (bytes.Length == 0) return await ErrorAsync(stdout, "job: stdin is empty; expected one job as JSON", cancellationToken).ConfigureAwait(false);
            job = JsonSerializer.Deserialize(bytes, JudgeJson.Default.JudgeJob);
        }
        catch (JsonException e)
        {
            return await ErrorAsync(stdout, "invalid JSON: " + e.Message, cancellationToken).ConfigureAwait(false);
        }

        if (job is not null) job = JobDefaults.Apply(job);
        var errors = new JobValidator(detector.IsAvailable, () => detector.DetectAvailable().Select(l => l.Name), options.Policy).Validate(job);
        if (errors.Count > 0) return await ErrorAsync(stdout, string.Join("; ", errors), cancellationToken).ConfigureAwait(false);

        JudgeResult result;
        try
        {
            var judge = JudgeFactory.Create(options, detector);
            result = await judge.JudgeAsync(job!, observer: null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Fail closed, but still a verdict: the caller learns the judge (not the code) failed, and why.
            result = new JudgeResult { Verdict = Verdict.InternalError, Total = job!.Tests.Count, Error = e.Message };
        }
        await JsonSerializer.SerializeAsync(stdout, result, new RunnerOutput().Contract.JudgeResult, cancellationToken).ConfigureAwait(false);
        await stdout.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        return VerdictProduced;
    }

    private static async Task<int> ErrorAsync(Stream stdout, string message, CancellationToken cancellationToken)
    {
        await JsonSerializer.SerializeAsync(stdout, new ErrorResponse(message), new RunnerOutput().Runner.ErrorResponse, cancellationToken).ConfigureAwait(false);
        await stdout.WriteAsync(Encoding.UTF8.GetBytes("\n"), cancellationToken).ConfigureAwait(false);
        return InvalidJob;
    }

    private static async Task<byte[]?> ReadBoundedAsync(Stream stdin, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stdin.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxJobBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
