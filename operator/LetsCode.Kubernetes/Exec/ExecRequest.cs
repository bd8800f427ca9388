namespace LetsCode.Kubernetes.Exec;

/// <summary>
/// What to run where, and the streams to connect. Stdin is read to its end and then closed for the process (EOF);
/// stdout and stderr are written as data arrives, so output of any size streams through without being buffered.
/// </summary>
public sealed record ExecRequest
{
    public required string Namespace { get; init; }
    public required string Pod { get; init; }

    /// <summary>Required when the pod has more than one container.</summary>
    public string? Container { get; init; }

    public required IReadOnlyList<string> Command { get; init; }
    public Stream? Stdin { get; init; }
    public Stream? Stdout { get; init; }
    public Stream? Stderr { get; init; }

    /// <summary>
    /// v4.channel.k8s.io (servers before Kubernetes 1.30) cannot tell the process that stdin ended, so a command
    /// reading stdin to its end would wait forever. With this set (the default) such a server is refused with an
    /// <see cref="ExecException"/> instead of hanging; clear it for commands that read a known amount of input.
    /// </summary>
    public bool RequireStdinEof { get; init; } = true;
}

/// <summary>The outcome of a command that ran: its exit code and the protocol used.</summary>
public sealed record ExecResult(int ExitCode, string Protocol, Models.Status Status);
