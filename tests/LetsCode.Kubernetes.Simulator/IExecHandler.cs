namespace LetsCode.Kubernetes.Simulator;

/// <summary>Runs what a pods/exec request asks for, in place of a container runtime.</summary>
public interface IExecHandler
{
    /// <summary>Runs the command and returns its exit code. Stdin ends when the client closes it.</summary>
    Task<int> ExecAsync(ExecContext context, CancellationToken cancellationToken);
}

/// <summary>One exec request; the streams are wired to the client's WebSocket channels.</summary>
public sealed record ExecContext(string Namespace, string Pod, string Container, IReadOnlyList<string> Command,
    Stream Stdin, Stream Stdout, Stream Stderr);
