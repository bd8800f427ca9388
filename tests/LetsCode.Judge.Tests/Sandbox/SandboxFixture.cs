using System.Diagnostics;
using System.Text;
using LetsCode.Judge.Sandbox;
using LetsCode.Judge.Tests.Support;

namespace LetsCode.Judge.Tests.Sandbox;

/// <summary>
/// One real hardened sandbox (bwrap, seccomp, cgroups, rlimits) shared by the sandbox tests, plus helpers to make
/// boxes and compile small C programs (compiling happens outside the sandbox; running never does).
/// </summary>
public sealed class SandboxFixture : IDisposable
{
    public SandboxFixture()
    {
        Root = Directory.CreateTempSubdirectory("letscode-sandbox-tests-").FullName;
        OpenUp(Root);
        Sandbox = SandboxFactory.Create(new SandboxOptions { WorkRoot = Path.Combine(Root, "work") });
    }

    public string Root { get; }

    public ISandbox Sandbox { get; }

    public static SandboxLimits DefaultLimits { get; } = new()
    {
        CpuTimeMs = 2000, WallTimeMs = 5000, MemoryBytes = 128L << 20, Processes = 8, StdoutBytes = 64 * 1024,
    };

    /// <summary>A fresh directory the sandbox uid can read (the box of one run).</summary>
    public string NewBox()
    {
        var box = Path.Combine(Root, "box-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(box);
        OpenUp(box);
        return box;
    }

    public SandboxRequest Request(string box, params string[] command) => new()
    {
        Command = command,
        BoxDirectory = box,
        SeccompProfile = "native",
        Limits = DefaultLimits,
    };

    public Task<SandboxResult> RunAsync(SandboxRequest request) => Sandbox.RunAsync(request, CancellationToken.None);

    /// <summary>Runs a shell line in a fresh, empty box.</summary>
    public Task<SandboxResult> ShellAsync(string script, SandboxLimits? limits = null) =>
        RunAsync(Request(NewBox(), "/bin/sh", "-c", script) with { Limits = limits ?? DefaultLimits });

    /// <summary>Runs a Python snippet with /usr/bin/python3 (never the pyenv shim on PATH).</summary>
    public async Task<SandboxResult> PythonAsync(string code, SandboxLimits? limits = null)
    {
        var box = NewBox();
        await File.WriteAllTextAsync(Path.Combine(box, "main.py"), code);
        OpenUp(Path.Combine(box, "main.py"));
        return await RunAsync(Request(box, "/usr/bin/python3", "main.py") with { SeccompProfile = "python", Limits = limits ?? DefaultLimits });
    }

    /// <summary>Compiles C with gcc on the host (compiling only) into a new box; returns the box.</summary>
    public string CompileC(string source, params string[] flags)
    {
        var box = NewBox();
        File.WriteAllText(Path.Combine(box, "main.c"), source);
        var gcc = new ProcessStartInfo("/usr/bin/gcc") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-O1", "-o", Path.Combine(box, "main"), Path.Combine(box, "main.c") }.Concat(flags)) gcc.ArgumentList.Add(arg);
        using var process = Process.Start(gcc)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException("gcc failed: " + errors);
        OpenUp(Path.Combine(box, "main"));
        return box;
    }

    public async Task<SandboxResult> RunCAsync(string source, SandboxLimits? limits = null, params string[] flags)
    {
        var box = CompileC(source, flags);
        return await RunAsync(Request(box, "/box/main") with { Limits = limits ?? DefaultLimits });
    }

    /// <summary>The shared harmless probe (<see cref="IsolationProbe"/>) on this fixture's sandbox.</summary>
    public Task ProveIsolationAsync() => IsolationProbe.ProveAsync(Sandbox, NewBox());

    /// <summary>Host processes still running in this test process's run cgroups (<see cref="SandboxLeftovers"/>).</summary>
    public static Task<IReadOnlyList<string>> LeftoverProcessesAsync() => SandboxLeftovers.FindAsync("letscode"); // SandboxOptions.CgroupParent's default

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private static void OpenUp(string path) =>
        SetMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

    /// <summary>chmod (the sandbox, and so these tests, run on Linux only).</summary>
    public static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException();
        File.SetUnixFileMode(path, mode);
    }

    public void Dispose()
    {
        (Sandbox as IDisposable)?.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class SandboxCollection : ICollectionFixture<SandboxFixture>
{
    public const string Name = "sandbox";
}
