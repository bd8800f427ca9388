using LetsCode.Judge.Judging;
using LetsCode.Judge.Model;
using LetsCode.Judge.Sandbox;

namespace LetsCode.Judge.Tests.Judging;

public sealed class VerdictClassifierTests
{
    private static readonly SandboxLimits Limits = new()
    {
        CpuTimeMs = 1000, WallTimeMs = 3000, MemoryBytes = 64L << 20, Processes = 1, StdoutBytes = 1024,
    };

    private static Verdict? Classify(SandboxResult result, bool oom = false) => VerdictClassifier.Classify(result, Limits, oom);

    [Fact]
    public void A_clean_exit_leaves_the_decision_to_the_checker() =>
        Assert.Null(Classify(new SandboxResult { ExitCode = 0, CpuTimeMs = 999, WallTimeMs = 2999, PeakMemoryBytes = 60L << 20 }));

    [Fact]
    public void The_oom_killer_means_memory_even_though_the_program_died_of_sigkill() =>
        Assert.Equal(Verdict.MemoryLimitExceeded, Classify(new SandboxResult { Signal = 9, MemoryLimitHit = true, WallLimitHit = false }));

    [Fact]
    public void A_flood_whose_runtime_buffered_the_unread_output_until_the_oom_kill_is_output() =>
        Assert.Equal(Verdict.OutputLimitExceeded, Classify(new SandboxResult { Signal = 9, MemoryLimitHit = true, Stdout = new byte[1025] }));

    [Fact]
    public void Sigkill_at_the_memory_ceiling_is_memory_too() =>
        Assert.Equal(Verdict.MemoryLimitExceeded, Classify(new SandboxResult { Signal = 9, PeakMemoryBytes = 64L << 20 }));

    [Theory]
    [InlineData(true, null, 10L)]
    [InlineData(false, 24, 10L)]    // SIGXCPU
    [InlineData(false, null, 1001L)] // measured over the limit even though it exited
    public void Cpu_over_the_limit_is_time(bool cpuHit, int? signal, long cpuMs) =>
        Assert.Equal(Verdict.TimeLimitExceeded, Classify(new SandboxResult { CpuLimitHit = cpuHit, Signal = signal, ExitCode = signal is null ? 0 : null, CpuTimeMs = cpuMs }));

    [Fact]
    public void The_hard_cpu_rlimits_sigkill_is_time_even_before_the_cgroup_counter_catches_up() =>
        Assert.Equal(Verdict.TimeLimitExceeded, Classify(new SandboxResult { Signal = 9, CpuTimeMs = 800, WallTimeMs = 1600, PeakMemoryBytes = 1 << 20 }));

    [Fact]
    public void A_program_killing_itself_at_once_is_a_runtime_error() =>
        Assert.Equal(Verdict.RuntimeError, Classify(new SandboxResult { Signal = 9, CpuTimeMs = 3, WallTimeMs = 5, PeakMemoryBytes = 1 << 20 }));

    [Fact]
    public void Wall_clock_over_the_limit_is_time_even_when_sleeping() =>
        Assert.Equal(Verdict.TimeLimitExceeded, Classify(new SandboxResult { Signal = 9, WallLimitHit = true, CpuTimeMs = 1, WallTimeMs = 3001 }));

    [Fact]
    public void Time_wins_over_the_output_it_left_behind() =>
        Assert.Equal(Verdict.TimeLimitExceeded, Classify(new SandboxResult { CpuLimitHit = true, OutputLimitHit = true }));

    [Theory]
    [InlineData(true, null)]
    [InlineData(false, 25)] // SIGXFSZ
    public void Output_over_the_limit(bool outputHit, int? signal) =>
        Assert.Equal(Verdict.OutputLimitExceeded, Classify(new SandboxResult { OutputLimitHit = outputHit, Signal = signal }));

    [Fact]
    public void Output_longer_than_the_limit_is_caught_even_without_the_flag() =>
        Assert.Equal(Verdict.OutputLimitExceeded, Classify(new SandboxResult { ExitCode = 0, Stdout = new byte[1025] }));

    [Theory]
    [InlineData(1, null)]
    [InlineData(null, 11)]
    [InlineData(null, 6)]
    public void Non_zero_exit_or_a_signal_is_a_runtime_error(int? exitCode, int? signal) =>
        Assert.Equal(Verdict.RuntimeError, Classify(new SandboxResult { ExitCode = exitCode, Signal = signal }));

    [Fact]
    public void A_runtime_reporting_its_own_heap_exhaustion_is_memory() =>
        Assert.Equal(Verdict.MemoryLimitExceeded, Classify(new SandboxResult { ExitCode = 1 }, oom: true));

    [Fact]
    public void A_sandbox_failure_is_never_the_programs_fault() =>
        Assert.Equal(Verdict.InternalError, Classify(new SandboxResult { SandboxError = "cgroup gone", MemoryLimitHit = true, ExitCode = 1 }));

    [Theory]
    [InlineData(11, "SIGSEGV")]
    [InlineData(6, "SIGABRT")]
    [InlineData(8, "SIGFPE")]
    [InlineData(9, "SIGKILL")]
    [InlineData(24, "SIGXCPU")]
    [InlineData(31, "SIGSYS")]
    [InlineData(35, "SIGRTMIN+1")]
    public void Signals_have_their_names(int signal, string name) => Assert.Equal(name, SignalNames.Of(signal));
}
