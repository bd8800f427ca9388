using LetsCode.Judge.Checkers;
using LetsCode.Judge.Languages;
using LetsCode.Judge.Model;
using LetsCode.Judge.Sandbox;

namespace LetsCode.Judge.Judging;

/// <summary>
/// Judges one job: compile once (or take the cached compile), then run every test in its own fresh sandbox with
/// the artifacts linked into a read-only box, classify what happened, and let the checker decide clean runs.
/// Tests run one after another so their timings do not disturb each other; jobs may run concurrently.
/// </summary>
public sealed class JobJudge : IJudge
{
    private readonly ISandbox _sandbox;
    private readonly LanguageDetector _detector;
    private readonly JudgeOptions _options;
    private readonly ProgramBuilder _builder;

    public JobJudge(ISandbox sandbox, LanguageDetector detector, CompileCache cache, JudgeOptions options)
    {
        _sandbox = sandbox;
        _detector = detector;
        _options = options;
        _builder = new ProgramBuilder(sandbox, cache, detector, options.Compile);
    }

    public IReadOnlyList<string> Validate(JudgeJob job) => Validator().Validate(job is null ? null : JobDefaults.Apply(job));

    public async Task<JudgeResult> JudgeAsync(JudgeJob job, IJudgeObserver? observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        job = JobDefaults.Apply(job);
        var errors = Validator().Validate(job);
        if (errors.Count > 0) return Failed(job, new CompileResult(), [], "invalid job: " + string.Join("; ", errors));

        var compile = new CompileResult();
        var results = new List<TestResult>();
        try
        {
            using var workspace = new JobWorkspace(_options.WorkRoot);
            var language = _detector.Registry.Find(job.Language)!;
            (compile, var program) = await _builder.BuildAsync(language, job.Source, workspace, "solution", cancellationToken).ConfigureAwait(false);
            await NotifyAsync(observer, o => o.CompiledAsync(compile)).ConfigureAwait(false);
            if (program is null)
                return new JudgeResult { Verdict = Verdict.CompilationError, Compile = compile, Total = job.Tests.Count };

            var (checker, checkerError) = await CreateCheckerAsync(job.Checker, workspace, cancellationToken).ConfigureAwait(false);
            if (checker is null) return Failed(job, compile, results, checkerError!);

            var limits = job.Limits.Resolve();
            for (var index = 0; index < job.Tests.Count; index++)
            {
                var test = job.Tests[index];
                await NotifyAsync(observer, o => o.TestStartedAsync(index, test.Name)).ConfigureAwait(false);
                var result = await RunTestAsync(program, test, limits, checker, workspace, cancellationToken).ConfigureAwait(false);
                results.Add(result);
                await NotifyAsync(observer, o => o.TestFinishedAsync(index, result)).ConfigureAwait(false);
                if (result.Verdict != Verdict.Accepted && job.StopOnFirstFailure) break;
            }
            return Summarize(job, compile, results);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The judge itself failed (sandbox unavailable, disk full...): never blame the submission for it.
            return Failed(job, compile, results, e is SandboxUnavailableException ? e.Message : $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>
    /// Tells the observer, shielding the verdict from it: a listener that fails (a closed WebSocket) must not turn a
    /// judged submission into an InternalError. Cancellation still propagates.
    /// </summary>
    private static async ValueTask NotifyAsync(IJudgeObserver? observer, Func<IJudgeObserver, ValueTask> notify)
    {
        if (observer is null) return;
        try
        {
            await notify(observer).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Progress is best effort; the result returned at the end is the record.
        }
    }

    private JobValidator Validator() =>
        new(_detector.IsAvailable, () => _detector.DetectAvailable().Select(l => l.Name), _options.Policy);

    private async Task<(IChecker? Checker, string? Error)> CreateCheckerAsync(CheckerSpec spec, JobWorkspace workspace, CancellationToken cancellationToken)
    {
        if (spec.Kind != CheckerSpec.Custom) return (CheckerFactory.CreatePure(spec), null);

        var language = _detector.Registry.Find(spec.Language!)!;
        var (compile, program) = await _builder.BuildAsync(language, spec.Source!, workspace, "checker", cancellationToken).ConfigureAwait(false);
        if (program is null) return (null, "the custom checker failed to compile: " + compile.Output);
        return (new CustomChecker(_sandbox, program, _options.Checker, () => workspace.NewReadOnlyBox("checker")), null);
    }

    private async Task<TestResult> RunTestAsync(
        CompiledProgram program, TestCase test, ResolvedLimits limits, IChecker checker, JobWorkspace workspace,
        CancellationToken cancellationToken)
    {
        var language = program.Language;
        var budget = language.BudgetFor(limits.MemoryMiB, limits.Processes);
        var privateDirectory = workspace.NewPrivateDirectory("stdin");
        try
        {
            var stdin = Path.Combine(privateDirectory, "stdin");
            await File.WriteAllTextAsync(stdin, test.Input, cancellationToken).ConfigureAwait(false);
            JobWorkspace.MakeReadable(stdin);

            var sandboxLimits = new SandboxLimits
            {
                CpuTimeMs = limits.TimeMs,
                WallTimeMs = limits.WallTimeMs,
                MemoryBytes = budget.MemoryMiB * 1024L * 1024,
                Processes = budget.Processes,
                StdoutBytes = limits.OutputKiB * 1024L,
                StackBytes = budget.StackMiB * 1024L * 1024,
            };
            var run = await _sandbox.RunAsync(new SandboxRequest
            {
                Command = language.RunCommand(budget),
                // Every test of the job shares the artifact directory: the sandbox gives each run its own /box with
                // the artifacts read-only inside, so nothing needs copying per test, and the requests of a job's tests
                // are alike, which lets the sandbox prepare the next test's sandbox while this one runs.
                BoxDirectory = program.ArtifactDirectory,
                StdinPath = stdin,
                Environment = language.Environment(budget),
                ReadOnlyPaths = language.ReadOnlyPaths,
                SeccompProfile = language.SeccompProfile,
                Limits = sandboxLimits,
            }, cancellationToken).ConfigureAwait(false);

            var stderr = Utf8Text.Decode(run.Stderr);
            var failed = run.ExitCode is not (null or 0) || run.Signal is not null;
            var verdict = VerdictClassifier.Classify(run, sandboxLimits, failed && language.ReportsOutOfMemory(stderr));
            string? message = run.SandboxError;
            if (verdict is null)
            {
                var outcome = await checker.CheckAsync(test.Input, Utf8Text.Decode(run.Stdout), test.ExpectedOutput, cancellationToken).ConfigureAwait(false);
                verdict = outcome.Verdict;
                message = outcome.Message;
            }

            return new TestResult
            {
                Name = test.Name,
                Verdict = verdict.Value,
                TimeMs = run.CpuTimeMs,
                WallTimeMs = run.WallTimeMs,
                MemoryKiB = run.PeakMemoryBytes / 1024,
                ExitCode = run.ExitCode,
                Signal = run.Signal is { } signal ? SignalNames.Of(signal) : null,
                Stdout = Utf8Text.Truncated(run.Stdout, TestResult.MaxCapturedBytes),
                Stderr = Utf8Text.Truncated(run.Stderr, TestResult.MaxCapturedBytes),
                CheckerMessage = message,
            };
        }
        finally
        {
            JobWorkspace.DeleteQuietly(privateDirectory);
        }
    }

    /// <summary>Pure: the overall verdict is the first non-accepted test's; totals count the job's tests.</summary>
    internal static JudgeResult Summarize(JudgeJob job, CompileResult compile, IReadOnlyList<TestResult> results) => new()
    {
        Verdict = results.FirstOrDefault(r => r.Verdict != Verdict.Accepted)?.Verdict ?? Verdict.Accepted,
        Compile = compile,
        Tests = results,
        Passed = results.Count(r => r.Verdict == Verdict.Accepted),
        Total = job.Tests?.Count ?? 0,
        MaxTimeMs = results.Count == 0 ? 0 : results.Max(r => r.TimeMs),
        MaxMemoryKiB = results.Count == 0 ? 0 : results.Max(r => r.MemoryKiB),
    };

    private static JudgeResult Failed(JudgeJob job, CompileResult compile, IReadOnlyList<TestResult> results, string error) =>
        Summarize(job, compile, results) with { Verdict = Verdict.InternalError, Error = error };
}
