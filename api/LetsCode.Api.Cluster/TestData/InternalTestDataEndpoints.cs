using System.Security.Cryptography;
using System.Text;
using LetsCode.Api.Cluster.Configuration;
using LetsCode.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LetsCode.Api.Cluster.TestData;

/// <summary>
/// Test data for the operator, so Submission resources carry a hash instead of the tests (cluster mode only):
/// <c>GET /internal/problems/{problemId}/tests/{sha256}</c> streams the suite document (<see cref="TestSuiteDocument"/>)
/// of that problem whose SHA-256 is <c>sha256</c> (its full suite, or its sample suite for custom tests); 404 when
/// the problem's current tests hash to neither (the problem changed since dispatch). Needs
/// <c>Authorization: Bearer &lt;token&gt;</c> (Cluster:InternalToken, compared in constant time).
/// </summary>
public static class InternalTestDataEndpoints
{
    public const string Prefix = "/internal/problems";

    /// <summary>Maps the endpoint under <see cref="Prefix"/> (for a host that maps it itself).</summary>
    public static IEndpointRouteBuilder MapInternalTestData(this IEndpointRouteBuilder app)
    {
        MapRoutes(app.MapGroup(Prefix));
        return app;
    }

    /// <summary>Maps the endpoint relative to a branch already at <see cref="Prefix"/>.</summary>
    internal static IEndpointRouteBuilder MapInternalTestDataRoutes(this IEndpointRouteBuilder app)
    {
        MapRoutes(app.MapGroup(""));
        return app;
    }

    private static void MapRoutes(RouteGroupBuilder group)
    {
        group.ExcludeFromDescription();
        group.MapGet("/{problemId}/tests/{sha256}", GetSuiteAsync);
    }

    internal static async Task<Results<PushStreamHttpResult, UnauthorizedHttpResult, NotFound<string>>> GetSuiteAsync(
        string problemId, string sha256, HttpContext context, LetsCodeDbContext db, ITestDataStore store, TestSuiteHashes hashes,
        IOptions<ClusterOptions> options, CancellationToken cancellationToken)
    {
        if (!Authorized(context, options.Value))
        {
            return TypedResults.Unauthorized();
        }
        var tests = await db.ProblemTests.AsNoTracking().Where(t => t.ProblemId == problemId).ToListAsync(cancellationToken);
        if (tests.Count > 0)
        {
            foreach (var suite in new[] { SuiteSelection.Full(problemId, tests), SuiteSelection.Samples(problemId, tests) })
            {
                if (await hashes.GetAsync(suite, cancellationToken) == sha256)
                {
                    return TypedResults.Stream(
                        body => TestSuiteDocument.WriteAsync(suite, store, body, context.RequestAborted), "application/json");
                }
            }
        }
        return TypedResults.NotFound($"problem '{problemId}' has no test suite with hash {sha256}");
    }

    private static bool Authorized(HttpContext context, ClusterOptions options)
    {
        var expected = options.InternalToken;
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (string.IsNullOrEmpty(expected) || !header.StartsWith(scheme, StringComparison.Ordinal))
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..]), Encoding.UTF8.GetBytes(expected));
    }
}
