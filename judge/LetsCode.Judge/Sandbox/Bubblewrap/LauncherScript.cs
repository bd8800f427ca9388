using System.Globalization;
using LetsCode.Judge.Sandbox.Execution;

namespace LetsCode.Judge.Sandbox.Bubblewrap;

/// <summary>
/// The launcher: one /bin/sh line, run as root, that moves itself into the run's cgroup, sets the rlimits, opens the
/// seccomp filter on fd 3 and the status FIFO on fd 4 (read-write, so opening never blocks), drops to the
/// unprivileged uid and execs bwrap. A shell line rather than a compiled helper:
/// it costs about a millisecond, all off the hot path (see docs/sandbox.md), and needs nothing built at install time.
/// </summary>
internal static class LauncherScript
{
    public static string For(IReadOnlyList<string> procsFiles, SandboxLimits limits, string filterPath, string statusFifo,
        IReadOnlyList<string> bubblewrapArguments, SandboxOptions options)
    {
        var steps = new List<string>();
        steps.AddRange(procsFiles.Select(f => $"echo $$ > {ShellQuote.Quote(f)}"));
        steps.Add(RlimitScript.For(limits));
        steps.Add($"exec {BubblewrapArguments.SeccompFd}< {ShellQuote.Quote(filterPath)} {BubblewrapArguments.StatusFd}<> {ShellQuote.Quote(statusFifo)}");
        var setpriv = new[]
        {
            options.SetprivPath,
            "--reuid=" + options.Uid.ToString(CultureInfo.InvariantCulture),
            "--regid=" + options.Gid.ToString(CultureInfo.InvariantCulture),
            "--clear-groups", "--no-new-privs", "--", options.BubblewrapPath,
        };
        steps.Add("exec " + ShellQuote.Join(setpriv.Concat(bubblewrapArguments)));
        return string.Join(" && ", steps);
    }
}
