using System.Net;
using System.Text;
using System.Text.Json;
using LetsCode.Kubernetes.Models;

namespace LetsCode.Kubernetes.Client;

/// <summary>Turns an error answer (normally a Status, sometimes plain text from a proxy) into a typed exception.</summary>
public static class KubernetesErrors
{
    public static Status ParseStatus(HttpStatusCode code, ReadOnlySpan<byte> body)
    {
        try
        {
            var status = JsonSerializer.Deserialize(body, KubernetesJsonContext.Default.Status);
            if (status is { Kind: "Status" } || status?.Reason is not null || status?.Message is not null)
            {
                status.Code ??= (int)code;
                return status;
            }
        }
        catch (JsonException)
        {
            // Not a Status: an ingress, a proxy or a crash answered. Keep its text as the message.
        }

        var text = Encoding.UTF8.GetString(body.Length > 2048 ? body[..2048] : body).Trim();
        return new Status
        {
            Kind = "Status",
            ApiVersion = "v1",
            Outcome = "Failure",
            Code = (int)code,
            Reason = code.ToString(),
            Message = text.Length > 0 ? text : $"HTTP {(int)code}",
        };
    }

    public static KubernetesApiException ToException(HttpStatusCode code, Status status, TimeSpan? retryAfter = null) =>
        (int)code switch
        {
            401 => new UnauthorizedException(code, status),
            403 => new ForbiddenException(code, status),
            404 => new NotFoundException(code, status),
            409 when status.Reason == "AlreadyExists" => new AlreadyExistsException(code, status),
            409 => new ConflictException(code, status),
            410 => new GoneException(code, status),
            422 => new InvalidException(code, status),
            429 => new TooManyRequestsException(code, status, retryAfter ?? RetryAfterFromStatus(status)),
            _ => new KubernetesApiException(code, status),
        };

    /// <summary>For a Status seen outside an HTTP answer (a watch ERROR event): its code decides the type.</summary>
    public static KubernetesApiException ToException(Status status) =>
        ToException((HttpStatusCode)(status.Code is > 0 ? status.Code.Value : 500), status);

    private static TimeSpan? RetryAfterFromStatus(Status status) =>
        status.Details?.RetryAfterSeconds is { } seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;
}
