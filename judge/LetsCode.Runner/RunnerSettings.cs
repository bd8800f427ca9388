using System.CommandLine;
using LetsCode.Judge.Judging;

namespace LetsCode.Runner;

/// <summary>Options shared by every command, and the judge options they produce.</summary>
internal sealed class RunnerSettings
{
    private static readonly JudgeOptions Defaults = new();

    public Option<bool> InsecureNoSandbox { get; } = new("--insecure-no-sandbox")
    {
        Description = "DEVELOPMENT ONLY: run programs without any sandbox (no isolation at all). Never with untrusted code.",
        Recursive = true,
    };

    public Option<string> Sandbox { get; } = new("--sandbox")
    {
        Description = "auto (default) or bubblewrap: the hardened sandbox; pod: ONLY inside a LetsCode sandbox pod, " +
                      "which is the isolation boundary (per-test limits and clean-up, no isolation of its own).",
        DefaultValueFactory = _ => "auto",
        Recursive = true,
    };

    public Option<string> WorkRoot { get; } = new("--work-root")
    {
        Description = "Scratch directory for boxes and sandbox state (local disk).",
        DefaultValueFactory = _ => Defaults.WorkRoot,
        Recursive = true,
    };

    public Option<string> CacheRoot { get; } = new("--cache-root")
    {
        Description = "Compile cache directory (content-addressed, safe to share between runners).",
        DefaultValueFactory = _ => Defaults.CacheRoot,
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(InsecureNoSandbox);
        command.Options.Add(Sandbox);
        command.Options.Add(WorkRoot);
        command.Options.Add(CacheRoot);
    }

    public RunnerSettings() => Sandbox.AcceptOnlyFromAmong("auto", "bubblewrap", "pod");

    public JudgeOptions Read(ParseResult parse) => Defaults with
    {
        Sandbox = parse.GetValue(Sandbox) switch
        {
            "pod" => SandboxChoice.Pod,
            "bubblewrap" => SandboxChoice.Bubblewrap,
            _ => SandboxChoice.Auto,
        },
        InsecureNoSandbox = parse.GetValue(InsecureNoSandbox),
        WorkRoot = Path.GetFullPath(parse.GetValue(WorkRoot) ?? Defaults.WorkRoot),
        CacheRoot = Path.GetFullPath(parse.GetValue(CacheRoot) ?? Defaults.CacheRoot),
    };
}
