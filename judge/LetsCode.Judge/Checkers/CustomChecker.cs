using LetsCode.Judge.Judging;
using LetsCode.Judge.Languages;
using LetsCode.Judge.Model;
using LetsCode.Judge.Sandbox;

namespace LetsCode.Judge.Checkers;

/// <summary>
/// A problem's own checker program, called testlib-style as <c>checker input output answer</c> in a fresh sandbox
/// whose /box holds the checker and those three files. Its exit code follows testlib (<see cref="TestlibExitCode"/>):
/// 0 = accepted, 1 = wrong answer, 2 = presentation error (a wrong answer too: the output is malformed). Anything
/// else (3 = the checker failed, 7 = points, other codes, a signal, a limit) means the checker cannot give a
/// verdict: InternalError, never a verdict against the user. What it prints (stderr, else stdout) becomes the
/// test's checkerMessage.
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
                    StackBytes = budget.StackMiB * 1024L * 1024,
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
        string Explained(string why) => message.Length > 0 ? $"{why}: {message}" : why;

        // Killed or out of a limit: whatever it would have said, it did not finish saying it.
        var stopped = VerdictClassifier.Classify(run, limits) switch
        {
            Verdict.InternalError => "the checker's sandbox failed: " + run.SandboxError,
            Verdict.MemoryLimitExceeded => "the checker exceeded its memory limit",
            Verdict.TimeLimitExceeded => "the checker exceeded its time limit",
            Verdict.OutputLimitExceeded => "the checker printed too much",
            Verdict.RuntimeError when run.Signal is { } signal => $"the checker was killed by {SignalNames.Of(signal)}",
            _ => null,
        };
        if (stopped is not null) return CheckOutcome.Failed(Explained(stopped));

        return run.ExitCode switch
        {
            TestlibExitCode.Ok => new CheckOutcome(Verdict.Accepted, Message()),
            TestlibExitCode.WrongAnswer => new CheckOutcome(Verdict.WrongAnswer, Message() ?? "the checker rejected the output"),
            TestlibExitCode.PresentationError => new CheckOutcome(Verdict.WrongAnswer, Explained("presentation error (the output is malformed)")),
            TestlibExitCode.Fail => CheckOutcome.Failed(Explained("the checker failed (exit code 3, testlib 'fail': the checker or the test's answer is broken)")),
            TestlibExitCode.Points => CheckOutcome.Failed(Explained("the checker exited with code 7 (testlib 'points': partial scores are not supported)")),
            var code => CheckOutcome.Failed(Explained(
                $"the checker exited with code {code} (expected testlib's 0 = accepted, 1 = wrong answer, 2 = presentation error, 3 = checker failure)")),
        };
    }

    private static async Task WriteAsync(string box, string name, string content, CancellationToken cancellationToken)
    {
        var path = Path.Combine(box, name);
        await File.WriteAllTextAsync(path, content, cancellationToken).ConfigureAwait(false);
        JobWorkspace.MakeReadable(path);
    }
}
