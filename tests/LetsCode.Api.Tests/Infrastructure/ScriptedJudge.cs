using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using LetsCode.Judge.Judging;
using LetsCode.Judge.Model;

namespace LetsCode.Api.Tests.Infrastructure;

/// <summary>
/// A judge whose behaviour is written in the source (<c>#! verdict=WrongAnswer failAt=2 delay=100</c>), used where a
/// test is about the service's own guarantees (restart safety, queue caps, ordering) and needs exact control of
/// timing. It keeps IJudge's documented protocol: compile first, then each test's start and finish, in order;
/// honours cancellation; the overall verdict is the first failing test's.
/// </summary>
public sealed partial class ScriptedJudge : IJudge
{
    public ConcurrentDictionary<string, int> JudgedSources { get; } = new();

    public int Running => Volatile.Read(ref running);

    private int running;

    public async Task<JudgeResult> JudgeAsync(JudgeJob job, IJudgeObserver? observer, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref running);
        try
        {
            JudgedSources.AddOrUpdate(job.Source, 1, (_, n) => n + 1);
            var script = Directive().Match(job.Source);
            var verdict = Enum.Parse<Verdict>(Value(script, "verdict") ?? nameof(Verdict.Accepted));
            var failAt = int.Parse(Value(script, "failAt") ?? "1", System.Globalization.CultureInfo.InvariantCulture);
            var delay = int.Parse(Value(script, "delay") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

            if (verdict == Verdict.CompilationError)
            {
                var failed = new CompileResult { Ok = false, Output = "main.cpp:1: error: expected ';'" };
                if (observer is not null)
                {
                    await observer.CompiledAsync(failed);
                }
                return new JudgeResult { Verdict = Verdict.CompilationError, Compile = failed, Total = job.Tests.Count };
            }

            var compile = new CompileResult { Ok = true };
            if (observer is not null)
            {
                await observer.CompiledAsync(compile);
            }
            var results = new List<TestResult>();
            for (var i = 0; i < job.Tests.Count; i++)
            {
                if (observer is not null)
                {
                    await observer.TestStartedAsync(i, job.Tests[i].Name);
                }
                if (delay > 0)
                {
                    await Task.Delay(delay, cancellationToken);
                }
                cancellationToken.ThrowIfCancellationRequested();
                var testVerdict = i + 1 == failAt ? verdict : Verdict.Accepted;
                var result = new TestResult
                {
                    Name = job.Tests[i].Name,
                    Verdict = testVerdict,
                    TimeMs = 10 + i,
                    WallTimeMs = 12 + i,
                    MemoryKiB = 1024,
                    ExitCode = testVerdict == Verdict.RuntimeError ? 1 : 0,
                    Stdout = testVerdict == Verdict.Accepted ? job.Tests[i].ExpectedOutput : "wrong\n",
                };
                results.Add(result);
                if (observer is not null)
                {
                    await observer.TestFinishedAsync(i, result);
                }
                if (testVerdict != Verdict.Accepted && job.StopOnFirstFailure)
                {
                    break;
                }
            }
            var first = results.FirstOrDefault(r => r.Verdict != Verdict.Accepted);
            return new JudgeResult
            {
                Verdict = first?.Verdict ?? Verdict.Accepted,
                Compile = compile,
                Tests = results,
                Passed = results.Count(r => r.Verdict == Verdict.Accepted),
                Total = job.Tests.Count,
                MaxTimeMs = results.Count == 0 ? 0 : results.Max(r => r.TimeMs),
                MaxMemoryKiB = 1024,
                Error = first?.Verdict == Verdict.InternalError ? "scripted internal error" : null,
            };
        }
        finally
        {
            Interlocked.Decrement(ref running);
        }
    }

    public IReadOnlyList<string> Validate(JudgeJob job) => [];

    private static string? Value(Match script, string key)
    {
        if (!script.Success)
        {
            return null;
        }
        var m = Regex.Match(script.Groups[1].Value, $@"\b{key}=(\S+)");
        return m.Success ? m.Groups[1].Value : null;
    }

    [GeneratedRegex(@"#!(.*)")]
    private static partial Regex Directive();
}
