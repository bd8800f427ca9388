using System.Text;
using LetsCode.Judge.Sandbox;

namespace LetsCode.Judge.Tests.Sandbox;

/// <summary>The development-only runner: no isolation, but wall time and output caps still hold. Only harmless code.</summary>
public sealed class UnsandboxedRunnerTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("letscode-insecure-").FullName;
    private readonly ISandbox sandbox;

    public UnsandboxedRunnerTests()
    {
        sandbox = SandboxFactory.Create(new SandboxOptions { WorkRoot = Path.Combine(root, "work"), InsecureNoSandbox = true });
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private SandboxRequest Request(params string[] command) => new()
    {
        Command = command,
        BoxDirectory = root,
        SeccompProfile = "native",
        Limits = new SandboxLimits { CpuTimeMs = 2000, WallTimeMs = 3000, MemoryBytes = 256L << 20, Processes = 4, StdoutBytes = 1024 },
    };

    [Fact]
    public async Task Runs_the_command_with_stdin_and_reports_its_exit_code()
    {
        var input = Path.Combine(root, "in.txt");
        await File.WriteAllTextAsync(input, "hello\n");
        var result = await sandbox.RunAsync(Request("/bin/sh", "-c", "cat; exit 3") with { StdinPath = input }, CancellationToken.None);
        Assert.Equal("hello\n", Encoding.UTF8.GetString(result.Stdout));
        Assert.Equal(3, result.ExitCode);
        Assert.False(result.WallLimitHit || result.OutputLimitHit);
    }

    [Fact]
    public async Task A_test_run_writes_in_its_own_directory_holding_the_box_files_and_leaves_the_box_alone()
    {
        var box = Directory.CreateDirectory(Path.Combine(root, "box")).FullName;
        await File.WriteAllTextAsync(Path.Combine(box, "main"), "original\n");
        Directory.CreateDirectory(Path.Combine(box, "lib"));
        await File.WriteAllTextAsync(Path.Combine(box, "lib", "part"), "part\n");
        var request = Request("/bin/sh", "-c", "cat main lib/part; ls -A | tr '\\n' ' '; echo; echo mine > out.txt && cat out.txt") with { BoxDirectory = box };
        for (var run = 0; run < 2; run++)
        {
            var result = await sandbox.RunAsync(request, CancellationToken.None);
            Assert.Equal("original\npart\nlib main \nmine\n", Encoding.UTF8.GetString(result.Stdout));
        }
        Assert.Equal(["lib", "main"], Directory.GetFileSystemEntries(box).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("part\n", await File.ReadAllTextAsync(Path.Combine(box, "lib", "part"))); // removing a run's directory never follows its links
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(root, "work", "insecure")));
    }

    [Fact]
    public async Task Kills_on_wall_time()
    {
        var result = await sandbox.RunAsync(Request("/bin/sleep", "10") with
        {
            Limits = Request().Limits with { WallTimeMs = 300 },
        }, CancellationToken.None);
        Assert.True(result.WallLimitHit);
        Assert.InRange(result.WallTimeMs, 250, 3000);
    }

    [Fact]
    public async Task Stops_reading_at_the_output_cap()
    {
        var result = await sandbox.RunAsync(Request("/usr/bin/yes"), CancellationToken.None);
        Assert.True(result.OutputLimitHit);
        Assert.Equal(1025, result.Stdout.Length);
    }

    [Fact]
    public async Task Passes_no_host_environment()
    {
        Environment.SetEnvironmentVariable("LETSCODE_INSECURE_SECRET", "s3cret");
        var result = await sandbox.RunAsync(Request("/usr/bin/env") with
        {
            Environment = new Dictionary<string, string> { ["ONLY"] = "this" },
        }, CancellationToken.None);
        var env = Encoding.UTF8.GetString(result.Stdout);
        Assert.Contains("ONLY=this", env, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", env, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_says_the_sandbox_is_disabled()
    {
        Assert.Contains(sandbox.Probe(), layer => !layer.Active && layer.Detail.Contains("insecure", StringComparison.OrdinalIgnoreCase));
    }
}
