using LetsCode.Api.Processing;
using LetsCode.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LetsCode.Api.Endpoints;

/// <summary>/healthz: the process serves requests. /readyz: start-up finished and the database answers.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).WithName("Health");
        app.MapGet("/readyz", ReadyAsync).WithName("Ready");
        return app;
    }

    private static async Task<Results<Ok<ReadyDocument>, JsonHttpResult<ReadyDocument>>> ReadyAsync(
        StartupState startup, LetsCodeDbContext db, CancellationToken cancellationToken)
    {
        var database = false;
        try
        {
            database = startup.Ready && await db.Database.CanConnectAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            database = false;
        }
        var document = new ReadyDocument(startup.Ready && database ? "ready" : "not ready", startup.Ready, database);
        return startup.Ready && database
            ? TypedResults.Ok(document)
            : TypedResults.Json(document, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    public sealed record ReadyDocument(string Status, bool Started, bool Database);
}
