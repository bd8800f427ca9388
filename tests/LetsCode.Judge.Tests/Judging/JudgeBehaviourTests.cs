using LetsCode.Judge.Judging;
using LetsCode.Judge.Model;
using LetsCode.Judge.Tests.Support;

namespace LetsCode.Judge.Tests.Judging;

/// <summary>The orchestrator through the real sandbox: compile once and cache, observer order, stop on failure.</summary>
public sealed class JudgeBehaviourTests(JudgeFixture fixture) : IClassFixture<JudgeFixture>
{
    private const string CSum = "#include <stdio.h>\nint main(void){long a,b;if(scanf(\"%ld %ld\",&a,&b)!=2)return 1;printf(\"%ld\\n\",a+b);return 0;}\n";

    private static TestCase Sum(string name, int a, int b, int? answer = null) =>
        new() { Name = name, Input = $"{a} {b}\n", ExpectedOutput = $"{answer ?? a + b}\n" };

    [SandboxFact(Language = "c")]
    public async Task A_resubmission_of_the_same_code_does_not_recompile()
    {
        var source = CSum + "// resubmission " + Guid.NewGuid() + "\n";
        var job = new JudgeJob { Language = "c", Source = source, Tests = [Sum("1", 1, 2)] };

        var first = await fixture.JudgeAsync(job);
        Assert.Equal(Verdict.Accepted, first.Verdict);
        Assert.False(first.Compile.Cached);
        Assert.True(first.Compile.TimeMs > 0);

        var second = await fixture.JudgeAsync(job with { Tests = [Sum("1", 5, 6), Sum("2", 7, 8)] });
        Assert.Equal(Verdict.Accepted, second.Verdict);
        Assert.True(second.Compile.Cached);
        Assert.Equal(0, second.Compile.TimeMs);

        var changed = await fixture.JudgeAsync(job with { Source = source + "\n" });
        Assert.False(changed.Compile.Cached);
    }

    [SandboxFact(Language = "python3")]
    public async Task The_observer_hears_compile_then_each_test_in_order_and_stop_on_first_failure_stops()
    {
        var observer = new RecordingObserver();
        var job = new JudgeJob
        {
            Language = "python3",
            Source = "a, b = map(int, input().split())\nprint(a + b)\n",
            Tests = [Sum("one", 1, 2), Sum("two", 2, 2, answer: 5), Sum("three", 3, 3)],
            StopOnFirstFailure = true,
        };
        var result = await fixture.JudgeAsync(job, observer);

        Assert.Equal(["compiled:True", "started:0:one", "finished:0:Accepted", "started:1:two", "finished:1:WrongAnswer"], observer.Events);
        Assert.Equal(Verdict.WrongAnswer, result.Verdict);
        Assert.Equal(2, result.Tests.Count);
        Assert.Equal(1, result.Passed);
        Assert.Equal(3, result.Total);
        Assert.Contains("expected '5', got '4'", result.Tests[1].CheckerMessage);

        var all = await fixture.JudgeAsync(job with { StopOnFirstFailure = false });
        Assert.Equal(3, all.Tests.Count);
        Assert.Equal(2, all.Passed);
        Assert.Equal(Verdict.WrongAnswer, all.Verdict);
    }

    [SandboxFact(Language = "python3")]
    public async Task Output_is_judged_whole_but_truncated_in_the_result_and_names_default_to_numbers()
    {
        var job = new JudgeJob
        {
            Language = "python3",
            Source = "import sys\nsys.stdout.write('é' * 10000)\nsys.stderr.write('w' * 10000)\n",
            Tests = [new TestCase { Input = "", ExpectedOutput = new string('é', 10000) }],
        };
        var result = await fixture.JudgeAsync(job);
        var test = Assert.Single(result.Tests);
        Assert.Equal(Verdict.Accepted, test.Verdict);
        Assert.Equal("1", test.Name);
        Assert.Equal(2048, test.Stdout.Length); // 4 KiB of two-byte characters, never half a character
        Assert.Equal(TestResult.MaxCapturedBytes, test.Stderr.Length);
    }

    [SandboxFact(Language = "java")]
    public async Task The_jvm_runs_under_a_tiny_limit_thanks_to_its_floor_with_all_its_class_files()
    {
        var job = new JudgeJob
        {
            Language = "java",
            // A nested class: Java artifacts are several .class files, each mounted into every test's /box.
            Source = "public class Main { static class Greeter { String hi() { return \"hi\"; } } public static void main(String[] a) { System.out.println(new Greeter().hi()); } }",
            Tests = [new TestCase { Name = "1", Input = "", ExpectedOutput = "hi" }],
            Limits = new Limits { MemoryMiB = 16, Processes = 1 },
        };
        var result = await fixture.JudgeAsync(job);
        Assert.Equal(Verdict.Accepted, result.Verdict);
    }

    [SandboxFact(Language = "python3")]
    public async Task A_test_run_sees_only_its_program_in_a_private_box_no_answers_and_no_host_environment()
    {
        const string probe = """
            import errno, os
            print(os.getcwd(), sorted(os.listdir(".")))
            open("planted", "w").write("mine")
            print("planted", open("planted").read())
            try:
                open("main.py", "w")
                print("program writable")
            except OSError as e:
                print("program", errno.errorcode[e.errno])
            open("/tmp/scratch", "w").write("ok")
            print("tmp", open("/tmp/scratch").read())
            print(sorted(k for k in os.environ if k not in ("PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "PYTHONDONTWRITEBYTECODE", "PYTHONIOENCODING", "LC_CTYPE", "PWD")))
            """;
        var job = new JudgeJob
        {
            Language = "python3",
            Source = probe,
            Tests = [new TestCase { Name = "1", Input = "secret input", ExpectedOutput = "secret answer" }, new TestCase { Name = "2", Input = "", ExpectedOutput = "" }],
            Checker = new CheckerSpec { Kind = CheckerSpec.Exact },
        };
        var result = await fixture.JudgeAsync(job);
        // The second test does not see what the first one planted.
        Assert.All(result.Tests, t => Assert.Equal("/box ['main.py']\nplanted mine\nprogram EROFS\ntmp ok\n[]\n", t.Stdout));
    }

    [SandboxFact(Language = "python3")]
    public async Task A_python_solution_that_writes_a_file_in_its_working_directory_is_accepted_on_every_test()
    {
        const string source = """
            import os
            if os.path.exists("work.txt"):
                raise SystemExit("a previous test left its file")
            a, b = map(int, input().split())
            with open("work.txt", "w") as f:
                f.write(str(a + b))
            print(open("work.txt").read())
            """;
        var result = await fixture.JudgeAsync(new JudgeJob { Language = "python3", Source = source, Tests = [Sum("1", 1, 2), Sum("2", 3, 4), Sum("3", 5, 6)] });
        Assert.Equal([Verdict.Accepted, Verdict.Accepted, Verdict.Accepted], result.Tests.Select(t => t.Verdict));
    }

    [SandboxFact(Language = "cpp")]
    public async Task A_cpp_solution_that_writes_a_file_in_its_working_directory_is_accepted_on_every_test()
    {
        const string source = """
            #include <cstdio>
            #include <fstream>
            int main() {
                long a, b, sum;
                if (std::ifstream("work.txt")) return 3; // a previous test left its file
                if (std::scanf("%ld %ld", &a, &b) != 2) return 1;
                { std::ofstream out("work.txt"); out << a + b; }
                std::ifstream in("work.txt");
                if (!(in >> sum)) return 2;
                std::printf("%ld\n", sum);
            }
            """;
        var result = await fixture.JudgeAsync(new JudgeJob { Language = "cpp", Source = source, Tests = [Sum("1", 1, 2), Sum("2", 3, 4), Sum("3", 5, 6)] });
        Assert.True(result.Compile.Ok, result.Compile.Output);
        Assert.Equal([Verdict.Accepted, Verdict.Accepted, Verdict.Accepted], result.Tests.Select(t => t.Verdict));
    }

    [SandboxFact(Language = "c")]
    public async Task A_solution_cannot_replace_its_own_program_for_the_next_test()
    {
        await fixture.EnsureIsolated();
        // Tries to overwrite, delete and rename its binary, then answers; a later test would answer 0 if any worked.
        const string source = """
            #include <stdio.h>
            #include <unistd.h>
            int main(void) {
                long a, b;
                FILE *f = fopen("main", "w");
                if (f) { fputs("#!/bin/sh\necho 0\n", f); fclose(f); }
                unlink("main");
                rename("main", "gone");
                if (scanf("%ld %ld", &a, &b) != 2) return 1;
                printf("%ld\n", a + b);
                return 0;
            }
            """;
        var result = await fixture.JudgeAsync(new JudgeJob { Language = "c", Source = source, Tests = [Sum("1", 1, 2), Sum("2", 3, 4)] });
        Assert.Equal([Verdict.Accepted, Verdict.Accepted], result.Tests.Select(t => t.Verdict));
    }

    [SandboxFact(Language = "python3")]
    public async Task Filling_the_working_directory_is_bounded_and_a_runtime_error()
    {
        await fixture.EnsureIsolated();
        // 200 MiB in 1 MiB writes: the private /box holds the file-size limit (64 MiB by default), not the host disk.
        const string source = """
            chunk = b"x" * (1 << 20)
            with open("fill", "wb") as f:
                for _ in range(200):
                    f.write(chunk)
            print("wrote everything")
            """;
        var result = await fixture.JudgeAsync(new JudgeJob { Language = "python3", Source = source, Tests = [new TestCase { Name = "1", Input = "", ExpectedOutput = "" }] });
        var test = Assert.Single(result.Tests);
        Assert.Equal(Verdict.RuntimeError, test.Verdict);
        Assert.Matches("No space left on device|File too large", test.Stderr);
    }

    [SandboxFact(Language = "python3")]
    public async Task A_failing_observer_does_not_change_the_verdict()
    {
        var job = new JudgeJob { Language = "python3", Source = "print(3)", Tests = [Sum("1", 1, 2)] };
        var result = await fixture.JudgeAsync(job, new ThrowingObserver());
        Assert.Equal(Verdict.Accepted, result.Verdict);
    }

    [Fact]
    public async Task An_invalid_job_is_an_internal_error_naming_the_field_without_running_anything()
    {
        var judge = JudgeFactory.Create(fixture.Options with { InsecureNoSandbox = true }, fixture.Detector);
        var result = await judge.JudgeAsync(new JudgeJob { Language = "cobol", Source = "x", Tests = [new TestCase()] }, null, CancellationToken.None);
        Assert.Equal(Verdict.InternalError, result.Verdict);
        Assert.StartsWith("invalid job: language: unknown or unavailable language 'cobol'", result.Error);
    }

    private sealed class ThrowingObserver : IJudgeObserver
    {
        public ValueTask CompiledAsync(CompileResult compile) => throw new IOException("socket closed");
        public ValueTask TestStartedAsync(int index, string name) => throw new IOException("socket closed");
        public ValueTask TestFinishedAsync(int index, TestResult result) => throw new IOException("socket closed");
    }

    private sealed class RecordingObserver : IJudgeObserver
    {
        public List<string> Events { get; } = [];

        public ValueTask CompiledAsync(CompileResult compile)
        {
            Events.Add($"compiled:{compile.Ok}");
            return ValueTask.CompletedTask;
        }

        public ValueTask TestStartedAsync(int index, string name)
        {
            Events.Add($"started:{index}:{name}");
            return ValueTask.CompletedTask;
        }

        public ValueTask TestFinishedAsync(int index, TestResult result)
        {
            Events.Add($"finished:{index}:{result.Verdict}");
            return ValueTask.CompletedTask;
        }
    }
}
