using System.Diagnostics;
using System.Text;

namespace LetsCode.Testing.Processes;

/// <summary>A long-running child process whose output is kept (the tail) for error messages.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, string description)
    {
        _process = process;
        Description = description;
    }

    public string Description { get; }

    public OutputTail Output { get; } = new();

    public ProcessIdentity? Identity { get; private set; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <param name="environment">Variables to set (a null value removes one) on top of this process's environment.</param>
    /// <param name="description">How error messages name it (default: the file name).</param>
    public static ServerProcess Start(
        string fileName, IEnumerable<string> arguments, string workingDirectory, RunAs runAs,
        IReadOnlyDictionary<string, string?>? environment = null, string? description = null)
    {
        var (file, args) = runAs.Wrap(fileName, arguments);
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var server = new ServerProcess(process, description ?? Path.GetFileName(fileName));
        process.OutputDataReceived += (_, e) => server.Output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => server.Output.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        server.Identity = ProcessIdentity.Of(process.Id);
        return server;
    }

    /// <summary>SIGKILL to the process and its children, like a crashed pod.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
            }
        }

        await _process.WaitForExitAsync();
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Explains an exit with the complete output: waits until the output pipes are drained first.</summary>
    public async Task<string> ExplainExitAsync(string what)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            // A child still holds the pipe open; explain with what arrived so far.
        }

        return Explain(what);
    }

    public string Explain(string what) =>
        new StringBuilder(what).AppendLine().Append("Last output of ").Append(Description).AppendLine(":").Append(Output).ToString();

    public void Dispose() => _process.Dispose();

    /// <summary>Runs a short command to completion; a non-zero exit throws with its output.</summary>
    public static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, RunAs runAs, TimeSpan timeout)
    {
        using var process = Start(fileName, arguments, workingDirectory, runAs);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process._process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            await process.KillAsync();
            throw new TimeoutException(process.Explain($"{fileName} did not finish within {timeout.TotalSeconds} s."));
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(await process.ExplainExitAsync($"{fileName} {string.Join(' ', arguments)} exited with code {process.ExitCode}."));
        }

        return process.Output.ToString();
    }
}
