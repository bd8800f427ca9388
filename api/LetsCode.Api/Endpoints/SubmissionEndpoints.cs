using LetsCode.Api.Configuration;
using LetsCode.Api.Contracts;
using LetsCode.Api.Http;
using LetsCode.Api.Languages;
using LetsCode.Api.Live;
using LetsCode.Api.Processing;
using LetsCode.Api.Validation;
using LetsCode.Judge.FunctionStyle;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LetsCode.Api.Endpoints;

/// <summary>POST /api/submit and GET /api/submission/{id}.</summary>
public static class SubmissionEndpoints
{
    public static IEndpointRouteBuilder MapSubmissionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/submit", SubmitAsync)
            .Accepts<SubmitRequest>("application/json")
            .WithName("Submit")
            .WithSummary("Queue a submission; with ?wait=true, answer with the judged submission (or its state after the wait cap).")
            .Produces<SubmissionDocument>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        // No {id:guid} route constraint: a malformed id gets the same problem document naming the field as an unknown
        // one, not the router's bare 404.
        app.MapGet("/api/submission/{id}", GetAsync).WithName("GetSubmission");
        return app;
    }

    internal static async Task<Results<Accepted<SubmitResponse>, Ok<SubmissionDocument>, Accepted<SubmissionDocument>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        HttpContext context,
        bool? wait,
        SubmissionIntake intake,
        ProblemService problems,
        SubmissionReader reader,
        CompletionSignals signals,
        ILanguageCatalog languages,
        IOptions<LetsCodeOptions> options,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // JSON escaping can at worst sextuple the code (\u0000); the code itself is capped below.
        var body = await JsonBody.ReadAsync<SubmitRequest>(context, (settings.MaxCodeBytes * 6L) + (64 * 1024), "code");
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }
        if (body.TooLarge is { } tooLarge)
        {
            return tooLarge;
        }
        var request = body.Value!;
        var errors = RequestRules.Submit(request);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors);
        }
        var codeBytes = RequestRules.Utf8Bytes(request.Code);
        if (codeBytes > settings.MaxCodeBytes)
        {
            return ApiProblems.Invalid("code", $"code is {codeBytes} bytes; the limit is {settings.MaxCodeBytes}");
        }
        if (!languages.IsAvailable(request.Language!))
        {
            return ApiProblems.Invalid("language",
                $"unknown language '{request.Language}'; available: {string.Join(", ", languages.Available.Select(l => l.Name))}");
        }
        var problem = await problems.FindAsync(request.ProblemId!, cancellationToken);
        if (problem is null)
        {
            return ApiProblems.NotFound("problemId", $"problem '{request.ProblemId}' does not exist");
        }
        if (problem.Tests.Count == 0)
        {
            return ApiProblems.Invalid("problemId", $"problem '{problem.Id}' has no tests yet");
        }
        if (problem.FunctionJson is not null && !FunctionDriverGenerator.Supports(request.Language!))
        {
            return ApiProblems.Invalid("language",
                $"problem '{problem.Id}' is function-style; it supports {string.Join(", ", FunctionDriverGenerator.Languages)}");
        }
        var pending = await intake.PendingForUserAsync(request.UserId!, cancellationToken);
        if (pending >= settings.PerUserQueueCap)
        {
            return ApiProblems.TooManyRequests(context, intake.RetryAfterSeconds(),
                $"user '{request.UserId}' already has {pending} submissions waiting (limit {settings.PerUserQueueCap})");
        }

        var submission = await intake.AcceptAsync(request, cancellationToken);
        var location = $"/api/submission/{submission.Id}";
        if (wait != true)
        {
            return TypedResults.Accepted(location, new SubmitResponse(submission.Id));
        }

        var document = await WaitForVerdictAsync(submission.Id, reader, signals, TimeSpan.FromSeconds(settings.WaitTimeoutSeconds), cancellationToken);
        document = document with { SubmissionId = submission.Id };
        return document.Verdict is null ? TypedResults.Accepted(location, document) : TypedResults.Ok(document);
    }

    internal static async Task<Results<Ok<SubmissionDocument>, ProblemHttpResult>> GetAsync(
        string id, SubmissionReader reader, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var submissionId))
        {
            return ApiProblems.NotFound("id", $"submission '{id}' does not exist (submission ids are GUIDs)");
        }
        var document = await reader.ReadAsync(submissionId, cancellationToken);
        return document is null
            ? ApiProblems.NotFound("id", $"submission '{id}' does not exist")
            : TypedResults.Ok(document);
    }

    private static async Task<SubmissionDocument> WaitForVerdictAsync(
        Guid id, SubmissionReader reader, CompletionSignals signals, TimeSpan cap, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + cap;
        var poll = TimeSpan.FromMilliseconds(50);
        try
        {
            while (true)
            {
                var signalled = signals.WhenSignalledAsync(id);
                var document = await reader.ReadAsync(id, cancellationToken)
                    ?? throw new InvalidOperationException($"submission {id} vanished");
                var left = deadline - DateTime.UtcNow;
                if (document.Verdict is not null || left <= TimeSpan.Zero)
                {
                    return document;
                }
                // Woken by the signal, or by polling (the signal is a hint; the row is the truth).
                await Task.WhenAny(signalled, Task.Delay(poll < left ? poll : left, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
                poll = TimeSpan.FromMilliseconds(Math.Min(1000, poll.TotalMilliseconds * 2));
            }
        }
        finally
        {
            signals.Forget(id);
        }
    }
}
