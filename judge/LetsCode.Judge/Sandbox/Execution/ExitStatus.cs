namespace LetsCode.Judge.Sandbox.Execution;

/// <summary>
/// Splits a shell-style status (what bwrap, sh and .NET report: 128 + signal for a signalled child) into an exit
/// code or a signal. Codes above 128 + 64 cannot be signals (Linux has 64), so they stay exit codes.
/// </summary>
internal static class ExitStatus
{
    private const int MaxSignal = 64;

    public static (int? ExitCode, int? Signal) Decode(int status) =>
        status > 128 && status <= 128 + MaxSignal ? (null, status - 128) : (status, null);
}
