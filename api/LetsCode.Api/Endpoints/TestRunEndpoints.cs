using LetsCode.Api.Configuration;
using LetsCode.Api.Contracts;
using LetsCode.Api.Executor;
using LetsCode.Api.Http;
using LetsCode.Api.Languages;
using LetsCode.Api.Validation;
using LetsCode.Judge.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LetsCode.Api.Endpoints;

/// <summary>POST /api/test: compile and run code once on a given stdin, synchronously, with default limits.</summary>
public static class TestRunEndpoints
{
    public static IEndpointRouteBuilder MapTestRunEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/test", RunAsync)
            .Accepts<TestRunRequest>("application/json")
            .WithName("RunCustomTest")
            .WithSummary("Run code on one stdin and return its output (no problem, no checker).")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);
        return app;
    }

    internal static async Task<Results<Ok<TestRunResponse>, ValidationProblem, ProblemHttpResult>> RunAsync(
        HttpContext context,
        ISubmissionExecutor executor,
        ILanguageCatalog languages,
        IOptions<LetsCodeOptions> options,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var body = await JsonBody.ReadAsync<TestRunRequest>(context, ((settings.MaxCodeBytes + (long)settings.MaxCustomInputBytes) * 6) + (64 * 1024), "code");
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }
        if (body.TooLarge is { } tooLarge)
        {
            return tooLarge;
        }
        var request = body.Value!;
        var errors = RequestRules.TestRun(request);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors);
        }
        var codeBytes = RequestRules.Utf8Bytes(request.Code);
        if (codeBytes > settings.MaxCodeBytes)
        {
            return ApiProblems.Invalid("code", $"code is {codeBytes} bytes; the limit is {settings.MaxCodeBytes}");
        }
        var inputBytes = RequestRules.Utf8Bytes(request.Input);
        if (inputBytes > settings.MaxCustomInputBytes)
        {
            return ApiProblems.Invalid("input", $"input is {inputBytes} bytes; the limit is {settings.MaxCustomInputBytes}");
        }
        if (!languages.IsAvailable(request.Language!))
        {
            return ApiProblems.Invalid("language",
                $"unknown language '{request.Language}'; available: {string.Join(", ", languages.Available.Select(l => l.Name))}");
        }

        JudgeResult result;
        try
        {
            result = await executor.ExecuteAsync(new ExecutionRequest
            {
                Language = request.Language!,
                Source = request.Code!,
                Tests = [new ExecutionTest("custom", new InlineTestData(request.Input ?? ""), new InlineTestData(""))],
            }, observer: null, cancellationToken);
        }
        catch (ExecutionUnavailableException unavailable)
        {
            // Cluster mode: the sandbox pods were all busy (or the run overran the wait). Never a hang, never a 500.
            return ApiProblems.ExecutionUnavailable(context, unavailable.Started,
                Math.Max(1, (int)Math.Ceiling(unavailable.RetryAfter.TotalSeconds)), unavailable.Message);
        }
        return TypedResults.Ok(ToResponse(result));
    }

    /// <summary>There is no expected output, so "wrong answer" only means "it printed something": the run succeeded.</summary>
    internal static TestRunResponse ToResponse(JudgeResult result)
    {
        var test = result.Tests.Count > 0 ? result.Tests[0] : null;
        var verdict = result.Verdict is Verdict.WrongAnswer ? Verdict.Accepted : result.Verdict;
        return new TestRunResponse
        {
            Success = result.Compile.Ok && test is not null && verdict == Verdict.Accepted,
            Output = test?.Stdout ?? "",
            ExecutionTime = test?.TimeMs ?? 0,
            WallTime = test?.WallTimeMs ?? 0,
            MemoryKiB = test?.MemoryKiB ?? 0,
            Verdict = verdict.ToString(),
            ExitCode = test?.ExitCode,
            Signal = test?.Signal,
            Stderr = test?.Stderr ?? "",
            CompileOutput = string.IsNullOrEmpty(result.Compile.Output) ? null : result.Compile.Output,
            Error = result.Error,
        };
    }
}
