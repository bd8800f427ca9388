using LetsCode.Api.Health;
using LetsCode.Api.Processing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LetsCode.Api.Endpoints;

/// <summary>
/// /healthz: the process serves requests. /readyz: start-up finished and every readiness check passes (the database;
/// in cluster mode also Redis), so a replica that cannot reach them leaves the Service instead of failing requests.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).WithName("Health");
        app.MapGet("/readyz", ReadyAsync).WithName("Ready");
        return app;
    }

    private static async Task<Results<Ok<ReadyDocument>, JsonHttpResult<ReadyDocument>>> ReadyAsync(
        StartupState startup, HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(c => c.Tags.Contains(ReadinessChecks.Tag), cancellationToken);
        var checks = report.Entries.ToDictionary(
            e => e.Key,
            e => e.Value.Status == HealthStatus.Healthy ? "ok" : e.Value.Description ?? e.Value.Exception?.Message ?? e.Value.Status.ToString());
        var ready = startup.Ready && report.Status == HealthStatus.Healthy;
        var database = report.Entries.TryGetValue(DatabaseReadinessCheck.Name, out var entry) && entry.Status == HealthStatus.Healthy;
        var document = new ReadyDocument(ready ? "ready" : "not ready", startup.Ready, database, checks);
        return ready ? TypedResults.Ok(document) : TypedResults.Json(document, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <param name="Checks">Each readiness check by name: "ok", or why it failed.</param>
    public sealed record ReadyDocument(string Status, bool Started, bool Database, IReadOnlyDictionary<string, string> Checks);
}
