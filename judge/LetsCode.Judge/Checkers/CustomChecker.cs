using LetsCode.Judge.Judging;
using LetsCode.Judge.Languages;
using LetsCode.Judge.Model;
using LetsCode.Judge.Sandbox;

namespace LetsCode.Judge.Checkers;

/// <summary>
/// A problem's own checker program, called testlib-style as <c>checker input output answer</c> in a fresh sandbox
/// whose /box holds the checker and those three files. Exit 0 = accepted, 1 = wrong answer; anything else (another
/// exit code, a signal, a limit) means the checker is broken: InternalError, never a verdict against the user.
/// What it prints (stderr, else stdout) becomes the test's checkerMessage.
/// </summary>
public sealed class CustomChecker : IChecker
{
    internal const string InputFile = "input.txt";
    internal const string OutputFile = "output.txt";
    internal const string AnswerFile = "answer.txt";
    private const int MessageBytes = TestResult.MaxCapturedBytes;

    private readonly ISandbox _sandbox;
    private readonly CompiledProgram _program;
    private readonly CheckerLimits _limits;
    private readonly Func<string> _newBox;

    /// <param name="newBox">Creates an empty box directory the judge owns; the checker deletes it after use.</param>
    public CustomChecker(ISandbox sandbox, CompiledProgram program, CheckerLimits limits, Func<string> newBox)
    {
        _sandbox = sandbox;
        _program = program;
        _limits = limits;
        _newBox = newBox;
    }

    public async ValueTask<CheckOutcome> CheckAsync(string input, string output, string expected, CancellationToken cancellationToken)
    {
        var box = _newBox();
        try
        {
            FileLinks.LinkAll(_program.ArtifactDirectory, box);
            await WriteAsync(box, InputFile, input, cancellationToken).ConfigureAwait(false);
            await WriteAsync(box, OutputFile, output, cancellationToken).ConfigureAwait(false);
            await WriteAsync(box, AnswerFile, expected, cancellationToken).ConfigureAwait(false);

            var language = _program.Language;
            var budget = language.BudgetFor(_limits.MemoryMiB, processes: 1);
            var request = new SandboxRequest
            {
                Command = language.RunCommand(budget, [InputFile, OutputFile, AnswerFile]),
                BoxDirectory = box,
                Environment = language.Environment(budget),
                ReadOnlyPaths = language.ReadOnlyPaths,
                SeccompProfile = language.SeccompProfile,
                Limits = new SandboxLimits
                {
                    CpuTimeMs = _limits.CpuTimeMs,
                    WallTimeMs = _limits.WallTimeMs,
                    MemoryBytes = budget.MemoryMiB * 1024L * 1024,
                    Processes = budget.Processes,
                    StdoutBytes = 64 * 1024,
                },
            };
            var run = await _sandbox.RunAsync(request, cancellationToken).ConfigureAwait(false);
            return Interpret(run, request.Limits);
        }
        finally
        {
            JobWorkspace.DeleteQuietly(box);
        }
    }

    /// <summary>Pure: the checker run's outcome as a check outcome.</summary>
    internal static CheckOutcome Interpret(SandboxResult run, SandboxLimits limits)
    {
        var stderr = Utf8Text.Truncated(run.Stderr, MessageBytes).Trim();
        var stdout = Utf8Text.Truncated(run.Stdout, MessageBytes).Trim();
        var message = stderr.Length > 0 ? stderr : stdout;
        string? Message() => message.Length > 0 ? message : null;

        var broken = VerdictClassifier.Classify(run, limits) switch
        {
            Verdict.InternalError => "the checker's sandbox failed: " + run.SandboxError,
            Verdict.MemoryLimitExceeded => "the checker exceeded its memory limit",
            Verdict.TimeLimitExceeded => "the checker exceeded its time limit",
            Verdict.OutputLimitExceeded => "the checker printed too much",
            Verdict.RuntimeError when run.Signal is { } signal => $"the checker was killed by {SignalNames.Of(signal)}",
            Verdict.RuntimeError when run.ExitCode is 1 => null,
            Verdict.RuntimeError => $"the checker exited with code {run.ExitCode} (0 = accepted, 1 = wrong answer)",
            _ => null,
        };
        if (broken is not null) return CheckOutcome.Failed(message.Length > 0 ? $"{broken}: {message}" : broken);
        return run.ExitCode == 0
            ? new CheckOutcome(Verdict.Accepted, Message())
            : new CheckOutcome(Verdict.WrongAnswer, Message() ?? "the checker rejected the output");
    }

    private static async Task WriteAsync(string box, string name, string content, CancellationToken cancellationToken)
    {
        var path = Path.Combine(box, name);
        await File.WriteAllTextAsync(path, content, cancellationToken).ConfigureAwait(false);
        JobWorkspace.MakeReadable(path);
    }
}
