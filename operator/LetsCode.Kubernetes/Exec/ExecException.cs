using LetsCode.Kubernetes.Models;

namespace LetsCode.Kubernetes.Exec;

/// <summary>
/// The command's exit code could not be obtained: the upgrade was refused, the stream broke before the status
/// arrived, or the server reported a failure that is not an exit code (command not found, container not running).
/// For the operator this is an infrastructure failure, to retry; a non-zero exit is a normal <see cref="ExecResult"/>.
/// </summary>
public sealed class ExecException : Exception
{
    public ExecException(string message, Status? status = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
    }

    public Status? Status { get; }

    /// <summary>The HTTP status of a refused upgrade (404 pod not found, 403 forbidden), if that is what failed.</summary>
    public int? HttpStatusCode { get; init; }
}
