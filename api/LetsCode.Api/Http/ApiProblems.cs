using LetsCode.Api.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LetsCode.Api.Http;

/// <summary>RFC 7807 answers; every one names the offending field in <c>errors</c> where there is one.</summary>
public static class ApiProblems
{
    public static ValidationProblem Invalid(ValidationErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request is invalid.");

    public static ValidationProblem Invalid(string field, string message) => Invalid(new ValidationErrors().Add(field, message));

    public static ProblemHttpResult NotFound(string field, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "Not found.",
            extensions: Errors(field, detail));

    public static ProblemHttpResult TooLarge(string field, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large.",
            extensions: Errors(field, detail));

    public static ProblemHttpResult Conflict(string field, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict.",
            extensions: Errors(field, detail));

    /// <summary>429; the caller's response also gets a Retry-After header (seconds).</summary>
    public static ProblemHttpResult TooManyRequests(HttpContext context, int retryAfterSeconds, string detail)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many queued submissions.",
            extensions: new Dictionary<string, object?> { ["retryAfter"] = retryAfterSeconds });
    }

    /// <summary>
    /// 503 (no sandbox took the run in time) or 504 (the run started but gave no result in time), with Retry-After:
    /// the request was fine, the capacity was not there.
    /// </summary>
    public static ProblemHttpResult ExecutionUnavailable(HttpContext context, bool started, int retryAfterSeconds, string detail)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return started
            ? TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status504GatewayTimeout, title: "The run did not finish in time.",
                extensions: new Dictionary<string, object?> { ["retryAfter"] = retryAfterSeconds })
            : TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "No sandbox is available.",
                extensions: new Dictionary<string, object?> { ["retryAfter"] = retryAfterSeconds });
    }

    private static Dictionary<string, object?> Errors(string field, string detail) =>
        new() { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } };
}
