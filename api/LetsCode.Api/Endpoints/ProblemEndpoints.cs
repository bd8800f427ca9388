using LetsCode.Api.Configuration;
using LetsCode.Api.Contracts;
using LetsCode.Api.Http;
using LetsCode.Api.Processing;
using LetsCode.Api.Storage;
using LetsCode.Api.Validation;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LetsCode.Api.Endpoints;

/// <summary>
/// Problems: CRUD with inline tests, plus streaming upload and download of large test data
/// (<c>PUT /api/problems/{id}/tests/{name}/input|output</c>, raw body).
/// </summary>
public static class ProblemEndpoints
{
    private const long MaxProblemBodyBytes = 64L * 1024 * 1024;

    public static IEndpointRouteBuilder MapProblemEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/problems").WithTags("Problems");
        group.MapGet("/", ListAsync).WithName("ListProblems");
        group.MapPost("/", CreateAsync).Accepts<ProblemRequest>("application/json").WithName("CreateProblem")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id}", GetAsync).WithName("GetProblem");
        group.MapPut("/{id}", UpdateAsync).Accepts<ProblemRequest>("application/json").WithName("UpdateProblem");
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteProblem");
        group.MapPut("/{id}/tests/{name}/{part}", UploadAsync)
            .WithName("UploadTestData").WithSummary("Upload a test's input or expected output (raw body of any content type, streamed to storage).")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/{id}/tests/{name}/{part}", DownloadAsync).WithName("DownloadTestData");
        group.MapDelete("/{id}/tests/{name}", DeleteTestAsync).WithName("DeleteTest");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<ProblemSummary>>> ListAsync(ProblemService problems, CancellationToken cancellationToken) =>
        TypedResults.Ok(await problems.ListAsync(cancellationToken));

    private static async Task<Results<Ok<ProblemDocument>, ProblemHttpResult>> GetAsync(
        string id, ProblemService problems, CancellationToken cancellationToken)
    {
        var problem = await problems.FindAsync(id, cancellationToken);
        return problem is null ? MissingProblem(id) : TypedResults.Ok(await problems.ToDocumentAsync(problem, cancellationToken));
    }

    private static async Task<Results<Created<ProblemDocument>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpContext context, ProblemService problems, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ProblemRequest>(context, MaxProblemBodyBytes, "body");
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }
        if (body.TooLarge is { } tooLarge)
        {
            return tooLarge;
        }
        var request = body.Value!;
        var errors = RequestRules.Problem(request);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors);
        }
        if (await problems.ExistsAsync(request.Id!, cancellationToken))
        {
            return ApiProblems.Conflict("id", $"problem '{request.Id}' already exists; use PUT /api/problems/{request.Id}");
        }
        var problem = await problems.CreateAsync(request, cancellationToken);
        return TypedResults.Created($"/api/problems/{problem.Id}", await problems.ToDocumentAsync(problem, cancellationToken));
    }

    private static async Task<Results<Ok<ProblemDocument>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, HttpContext context, ProblemService problems, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ProblemRequest>(context, MaxProblemBodyBytes, "body");
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }
        if (body.TooLarge is { } tooLarge)
        {
            return tooLarge;
        }
        var request = body.Value! with { Id = body.Value!.Id ?? id };
        if (request.Id != id)
        {
            return ApiProblems.Invalid("id", $"the body's id '{request.Id}' differs from the path's '{id}'");
        }
        var errors = RequestRules.Problem(request);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors);
        }
        var problem = await problems.FindAsync(id, cancellationToken);
        if (problem is null)
        {
            return MissingProblem(id);
        }
        if ((problem.FunctionJson is null) != (request.Function is null) && request.Tests is null)
        {
            return ApiProblems.Invalid("tests", "changing between function-style and stdin/stdout needs the new tests");
        }
        await problems.UpdateAsync(problem, request, cancellationToken);
        return TypedResults.Ok(await problems.ToDocumentAsync(problem, cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, ProblemService problems, CancellationToken cancellationToken)
    {
        var problem = await problems.FindAsync(id, cancellationToken);
        if (problem is null)
        {
            return MissingProblem(id);
        }
        await problems.DeleteAsync(problem, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<TestDataUploadResponse>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        string id, string name, string part, bool? sample, HttpContext context, ProblemService problems,
        IOptions<LetsCodeOptions> options, CancellationToken cancellationToken)
    {
        if (part is not ("input" or "output"))
        {
            return ApiProblems.Invalid("part", "part must be 'input' or 'output'");
        }
        if (!RequestRules.IsTestName(name))
        {
            return ApiProblems.Invalid("name", "name must be 1-128 characters of letters, digits and . _ -");
        }
        var problem = await problems.FindAsync(id, cancellationToken);
        if (problem is null)
        {
            return MissingProblem(id);
        }
        var max = options.Value.MaxTestDataUploadBytes;
        if (context.Request.ContentLength > max)
        {
            return ApiProblems.TooLarge("body", $"test data is limited to {max} bytes");
        }
        // Kestrel's default 30 MB request cap would cut large uploads; our own cap is enforced while streaming.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max + 1;
        }
        try
        {
            var blob = await problems.UploadAsync(problem, name, part == "input", sample, context.Request.Body, max, cancellationToken);
            return TypedResults.Ok(new TestDataUploadResponse(id, name, part, blob.Sha256, blob.Bytes));
        }
        catch (TestDataTooLargeException)
        {
            return ApiProblems.TooLarge("body", $"test data is limited to {max} bytes");
        }
    }

    private static async Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> DownloadAsync(
        string id, string name, string part, ProblemService problems, CancellationToken cancellationToken)
    {
        if (part is not ("input" or "output"))
        {
            return ApiProblems.Invalid("part", "part must be 'input' or 'output'");
        }
        var problem = await problems.FindAsync(id, cancellationToken);
        if (problem is null)
        {
            return MissingProblem(id);
        }
        var test = problem.Tests.SingleOrDefault(t => t.Name == name);
        if (test is null)
        {
            return ApiProblems.NotFound("name", $"problem '{id}' has no test '{name}'");
        }
        var stream = problems.OpenTestData(part == "input" ? test.InputHash : test.OutputHash);
        return stream is null
            ? ApiProblems.NotFound("name", $"the data of test '{name}' is missing from storage")
            : TypedResults.Stream(stream, "application/octet-stream");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteTestAsync(
        string id, string name, ProblemService problems, CancellationToken cancellationToken)
    {
        var problem = await problems.FindAsync(id, cancellationToken);
        if (problem is null)
        {
            return MissingProblem(id);
        }
        var test = problem.Tests.SingleOrDefault(t => t.Name == name);
        if (test is null)
        {
            return ApiProblems.NotFound("name", $"problem '{id}' has no test '{name}'");
        }
        await problems.DeleteTestAsync(problem, test, cancellationToken);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult MissingProblem(string id) => ApiProblems.NotFound("id", $"problem '{id}' does not exist");
}
