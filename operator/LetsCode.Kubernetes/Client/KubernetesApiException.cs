using System.Net;
using LetsCode.Kubernetes.Models;

namespace LetsCode.Kubernetes.Client;

/// <summary>An error answer from the API server, carrying its Status object. Subclasses name the cases callers handle.</summary>
public class KubernetesApiException : Exception
{
    public KubernetesApiException(HttpStatusCode statusCode, Status status)
        : base(Describe(statusCode, status))
    {
        StatusCode = statusCode;
        Status = status;
    }

    public HttpStatusCode StatusCode { get; }
    public Status Status { get; }
    public string? Reason => Status.Reason;

    private static string Describe(HttpStatusCode code, Status status) =>
        $"Kubernetes API {(int)code} {status.Reason ?? code.ToString()}: {status.Message ?? "(no message)"}";
}

/// <summary>404: the object (or its namespace) does not exist.</summary>
public sealed class NotFoundException(HttpStatusCode code, Status status) : KubernetesApiException(code, status);

/// <summary>409 AlreadyExists: a create with a name that is taken.</summary>
public sealed class AlreadyExistsException(HttpStatusCode code, Status status) : KubernetesApiException(code, status);

/// <summary>409 Conflict: a stale resourceVersion or a failed delete precondition. Re-read and retry.</summary>
public sealed class ConflictException(HttpStatusCode code, Status status) : KubernetesApiException(code, status);

/// <summary>410 Gone / Expired: the resourceVersion (or continue token) is older than the server remembers. Relist.</summary>
public sealed class GoneException(HttpStatusCode code, Status status) : KubernetesApiException(code, status);

/// <summary>403: RBAC said no, or admission refused (e.g. "exceeded quota").</summary>
public sealed class ForbiddenException(HttpStatusCode code, Status status) : KubernetesApiException(code, status);

/// <summary>401: the credentials were not accepted.</summary>
public sealed class UnauthorizedException(HttpStatusCode code, Status status) : KubernetesApiException(code, status);

/// <summary>422 Invalid: validation failed; <see cref="Causes"/> names the fields.</summary>
public sealed class InvalidException(HttpStatusCode code, Status status) : KubernetesApiException(code, status)
{
    public IReadOnlyList<StatusCause> Causes => Status.Details?.Causes ?? [];
}

/// <summary>429: throttled. Thrown only after the client's own bounded Retry-After retries are used up.</summary>
public sealed class TooManyRequestsException(HttpStatusCode code, Status status, TimeSpan? retryAfter)
    : KubernetesApiException(code, status)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
