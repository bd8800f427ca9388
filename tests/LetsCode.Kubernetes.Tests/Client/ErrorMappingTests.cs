using System.Net;
using System.Text;
using LetsCode.Kubernetes.Client;

namespace LetsCode.Kubernetes.Tests.Client;

public sealed class ErrorMappingTests
{
    private static KubernetesApiException Map(int code, string body)
    {
        var status = KubernetesErrors.ParseStatus((HttpStatusCode)code, Encoding.UTF8.GetBytes(body));
        return KubernetesErrors.ToException((HttpStatusCode)code, status);
    }

    private static string Status(int code, string reason, string details = "{}") =>
        $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"m","reason":"{{reason}}","code":{{code}},"details":{{details}}}""";

    [Fact]
    public void Each_status_becomes_its_typed_exception()
    {
        Assert.IsType<NotFoundException>(Map(404, Status(404, "NotFound")));
        Assert.IsType<AlreadyExistsException>(Map(409, Status(409, "AlreadyExists")));
        Assert.IsType<ConflictException>(Map(409, Status(409, "Conflict")));
        Assert.IsType<GoneException>(Map(410, Status(410, "Expired")));
        Assert.IsType<ForbiddenException>(Map(403, Status(403, "Forbidden")));
        Assert.IsType<UnauthorizedException>(Map(401, Status(401, "Unauthorized")));
        Assert.Equal(HttpStatusCode.InternalServerError, Map(500, Status(500, "InternalError")).StatusCode);
        Assert.IsType<KubernetesApiException>(Map(500, Status(500, "InternalError")));
    }

    [Fact]
    public void Invalid_keeps_its_causes()
    {
        var error = Assert.IsType<InvalidException>(Map(422, Status(422, "Invalid",
            """{"causes":[{"reason":"FieldValueInvalid","message":"bad name","field":"metadata.name"}]}""")));
        Assert.Equal("metadata.name", Assert.Single(error.Causes).Field);
        Assert.Contains("422", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_requests_reads_retry_after_from_details()
    {
        var error = Assert.IsType<TooManyRequestsException>(Map(429, Status(429, "TooManyRequests", """{"retryAfterSeconds":7}""")));
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
    }

    [Fact]
    public void A_non_status_body_is_kept_as_the_message()
    {
        var error = Map(502, "<html>bad gateway</html>");
        Assert.Equal("<html>bad gateway</html>", error.Status.Message);
        Assert.Equal(502, error.Status.Code);
    }

    [Fact]
    public void A_watch_error_status_maps_by_its_code()
    {
        var status = KubernetesErrors.ParseStatus(HttpStatusCode.OK, Encoding.UTF8.GetBytes(Status(410, "Expired")));
        Assert.IsType<GoneException>(KubernetesErrors.ToException(status));
    }
}
