using System.Globalization;
using System.Text;
using LetsCode.Judge.Judging;
using LetsCode.Judge.Languages;
using LetsCode.Judge.Model;
using LetsCode.Judge.Sandbox;
using LetsCode.Judge.Tests.Support;

namespace LetsCode.Judge.Tests.PodSandbox;

/// <summary>
/// Pod mode is NOT an isolation boundary outside a sandbox pod, so only benign programs run here: answers, a CPU
/// loop, a sleep, a bounded memory hog (at most 2x its 64 MiB limit), a big output, a crash, and a harmless
/// background sleep left behind.
/// </summary>
[Collection(PodSandboxCollection.Name)]
public sealed class PodSandboxTests : IDisposable
{
    private readonly TempDirectory root = new("letscode-pod");
    private readonly Judge.Sandbox.Pod.PodSandbox sandbox;

    public PodSandboxTests()
    {
        sandbox = new Judge.Sandbox.Pod.PodSandbox(new SandboxOptions { WorkRoot = root.Sub("work") });
    }

    public void Dispose()
    {
        sandbox.Dispose();
        root.Dispose();
    }

    private SandboxRequest Request(params string[] command) => new()
    {
        Command = command,
        BoxDirectory = root.Path,
        SeccompProfile = "native",
        Limits = new SandboxLimits { CpuTimeMs = 2000, WallTimeMs = 5000, MemoryBytes = 64L << 20, Processes = 8, StdoutBytes = 1024 },
    };

    private Task<SandboxResult> Run(SandboxRequest request) => sandbox.RunAsync(request, CancellationToken.None);

    private static string Out(SandboxResult result) => Encoding.UTF8.GetString(result.Stdout);

    [Fact]
    public async Task Runs_with_stdin_as_an_unprivileged_uid_and_reports_the_exit_code()
    {
        var input = Path.Combine(root.Path, "in.txt");
        await File.WriteAllTextAsync(input, "hello\n");
        var result = await Run(Request("/bin/sh", "-c", "cat; id -u; exit 3") with { StdinPath = input });
        Assert.Equal("hello\n65534\n", Out(result));
        Assert.Equal(3, result.ExitCode);
        Assert.False(result.WallLimitHit || result.OutputLimitHit || result.MemoryLimitHit || result.CpuLimitHit);
    }

    [Fact]
    public async Task Cpu_loop_hits_the_cpu_limit()
    {
        var result = await Run(Request("/bin/sh", "-c", "while :; do :; done") with
        {
            Limits = Request().Limits with { CpuTimeMs = 500 },
        });
        Assert.True(result.CpuLimitHit);
        Assert.False(result.WallLimitHit);
        Assert.InRange(result.CpuTimeMs, 400, 3000);
    }

    [Fact]
    public async Task Sleep_hits_the_wall_clock_limit()
    {
        var result = await Run(Request("/bin/sleep", "10") with { Limits = Request().Limits with { WallTimeMs = 300 } });
        Assert.True(result.WallLimitHit);
        Assert.False(result.CpuLimitHit);
        Assert.InRange(result.WallTimeMs, 250, 3000);
    }

    [Fact]
    public async Task Bounded_memory_hog_is_killed_by_the_sampler()
    {
        // Touches 1 MiB at a time up to 128 MiB (2x the limit), then would sleep 10 s: the sampler must kill it
        // first. The sleep is long so that "killed, not exited" does not depend on how busy the machine is.
        var hog = "import time\nb = []\nfor _ in range(128):\n    b.append(b'x' * (1 << 20))\n    time.sleep(0.002)\ntime.sleep(10)\n";
        var result = await Run(Request("/usr/bin/python3", "-c", hog));
        var seen = $"memory limit hit {result.MemoryLimitHit}, signal {result.Signal}, exit {result.ExitCode}, peak {result.PeakMemoryBytes >> 20} MiB, wall {result.WallTimeMs} ms";
        Assert.True(result.MemoryLimitHit, seen);
        Assert.True(result.Signal == 9, seen);
        Assert.True(result.PeakMemoryBytes is >= 64L << 20 and <= 130L << 20, seen);
        Assert.False(result.WallLimitHit, $"killed late, by the wall clock: {seen}");
    }

    [Fact]
    public async Task Big_output_stops_at_the_cap()
    {
        var result = await Run(Request("/usr/bin/yes"));
        Assert.True(result.OutputLimitHit);
        Assert.Equal(1025, result.Stdout.Length);
    }

    [Fact]
    public async Task Crash_reports_the_signal()
    {
        var result = await Run(Request("/bin/sh", "-c", "kill -SEGV $$"));
        Assert.Equal(11, result.Signal);
        Assert.Null(result.ExitCode);
    }

    [Fact]
    public async Task Double_forked_setsid_background_child_is_gone_after_the_run()
    {
        // The background sleep escapes the tree (its parent exits, it starts a new session) and keeps stdout open.
        var result = await Run(Request("/bin/sh", "-c", "(setsid /bin/sh -c 'echo $$; exec /bin/sleep 30' &); sleep 0.3"));
        Assert.True(int.TryParse(Out(result).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid), Out(result));
        Assert.Equal(0, result.ExitCode);
        Assert.False(result.WallLimitHit);
        Assert.False(Directory.Exists($"/proc/{pid}"), $"leftover {pid} still exists");
    }

    [Fact]
    public async Task Test_runs_write_next_to_read_only_artifacts_in_a_fresh_private_box_and_scratch_directory()
    {
        var box = root.Sub("box");
        await File.WriteAllTextAsync(Path.Combine(box, "main"), "original\n");
        await File.WriteAllTextAsync(Path.Combine(root.Sub("box/lib"), "part"), "part\n");
        // The judge's languages ask for HOME=TMPDIR=/tmp, meaning a private /tmp: pod mode gives its own instead.
        var environment = new Dictionary<string, string> { ["HOME"] = "/tmp", ["TMPDIR"] = "/tmp" };
        var first = await Run(Request("/bin/sh", "-c", string.Join("; ",
            "cat main lib/part",
            "echo scratch > out.txt && cat out.txt",
            "{ echo evil > main; } 2>/dev/null || echo main-refused",
            "rm -f main 2>/dev/null || echo rm-refused",
            "cat main",
            "{ echo evil > lib/new; } 2>/dev/null || echo lib-refused",
            "echo hi > \"$TMPDIR/f\" && cat \"$TMPDIR/f\"",
            "[ \"$HOME\" = \"$TMPDIR\" ] && [ \"$TMPDIR\" != /tmp ] && echo private-home")) with { BoxDirectory = box, Environment = environment });
        Assert.Equal("original\npart\nscratch\nmain-refused\nrm-refused\noriginal\nlib-refused\nhi\nprivate-home\n", Out(first));

        var second = await Run(Request("/bin/sh", "-c", "ls -A | tr '\\n' ' '; ls -A \"$TMPDIR\" | wc -l") with { BoxDirectory = box, Environment = environment });
        Assert.Equal("lib main 0\n", Out(second));

        Assert.Equal("original\n", await File.ReadAllTextAsync(Path.Combine(box, "main")));
        Assert.Equal(["lib", "main"], Directory.GetFileSystemEntries(box).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["part"], Directory.GetFileSystemEntries(Path.Combine(box, "lib")).Select(Path.GetFileName));
        Assert.Empty(Directory.GetDirectories(Path.Combine(root.Path, "work", "pod")));
    }

    [Fact]
    public async Task A_compile_writes_into_the_box_itself()
    {
        var box = root.Sub("compile");
        Judge.Tests.Sandbox.SandboxFixture.SetMode(box, (UnixFileMode)0b111_111_111); // as the judge's writable compile boxes are
        var result = await Run(Request("/bin/sh", "-c", "echo built > artifact && pwd") with { BoxDirectory = box, BoxKeepsWrites = true });
        Assert.Equal(box + "\n", Out(result));
        Assert.Equal("built\n", await File.ReadAllTextAsync(Path.Combine(box, "artifact")));
    }

    [Fact]
    public void Doctor_says_plainly_that_the_pod_is_the_boundary()
    {
        var pod = Assert.Single(sandbox.Probe(), l => l.Layer == "pod");
        Assert.Contains("does not isolate", pod.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Judge_in_pod_mode_gives_accepted_and_wrong_answer()
    {
        var options = new JudgeOptions { WorkRoot = root.Sub("judge"), CacheRoot = root.Sub("cache"), Sandbox = SandboxChoice.Pod };
        using var podSandbox = (IDisposable)JudgeFactory.CreateSandbox(options);
        Assert.IsType<Judge.Sandbox.Pod.PodSandbox>(podSandbox);
        var judge = JudgeFactory.Create(options, (ISandbox)podSandbox, new LanguageDetector());
        var job = new JudgeJob
        {
            Language = "bash",
            // Works in its directory; the second test would exit 3 if the first one's file were still there.
            Source = "read a b\n[ -e work ] && exit 3\necho $((a + b)) > work\ncat work\n",
            Tests = [new TestCase { Name = "ok", Input = "1 2\n", ExpectedOutput = "3\n" }, new TestCase { Name = "bad", Input = "2 2\n", ExpectedOutput = "5\n" }],
        };
        var result = await judge.JudgeAsync(job, observer: null, CancellationToken.None);
        Assert.Equal([Verdict.Accepted, Verdict.WrongAnswer], result.Tests.Select(t => t.Verdict));
        Assert.Equal(Verdict.WrongAnswer, result.Verdict);
    }
}
