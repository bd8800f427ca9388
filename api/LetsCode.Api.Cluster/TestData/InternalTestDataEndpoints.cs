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
/// <list type="bullet">
/// <item><c>GET /internal/testdata/{problemId}/{suiteSha256}</c>: the suite manifest (JSON) whose SHA-256 is the
/// Submission's testsRef.sha256; 404 when the problem's current tests no longer hash to it.</item>
/// <item><c>GET /internal/testdata/{problemId}/blobs/{sha256}</c>: one input or expected output, streamed; only
/// blobs a test of that problem references.</item>
/// </list>
/// Both need <c>Authorization: Bearer &lt;Cluster:InternalToken&gt;</c> (compared in constant time).
/// </summary>
public static class InternalTestDataEndpoints
{
    public const string Prefix = "/internal/testdata";

    /// <summary>Maps the endpoints under <see cref="Prefix"/> (for a host that maps them itself).</summary>
    public static IEndpointRouteBuilder MapInternalTestData(this IEndpointRouteBuilder app)
    {
        MapRoutes(app.MapGroup(Prefix));
        return app;
    }

    /// <summary>Maps the endpoints relative to a branch already at <see cref="Prefix"/>.</summary>
    internal static IEndpointRouteBuilder MapInternalTestDataRoutes(this IEndpointRouteBuilder app)
    {
        MapRoutes(app.MapGroup(""));
        return app;
    }

    private static void MapRoutes(RouteGroupBuilder group)
    {
        group.ExcludeFromDescription();
        group.MapGet("/{problemId}/{suiteSha256}", GetSuiteAsync);
        group.MapGet("/{problemId}/blobs/{sha256}", GetBlobAsync);
    }

    internal static async Task<Results<FileContentHttpResult, UnauthorizedHttpResult, NotFound<string>>> GetSuiteAsync(
        string problemId, string suiteSha256, HttpContext context, LetsCodeDbContext db, IOptions<ClusterOptions> options,
        CancellationToken cancellationToken)
    {
        if (!Authorized(context, options.Value))
        {
            return TypedResults.Unauthorized();
        }
        var tests = await db.ProblemTests.AsNoTracking().Where(t => t.ProblemId == problemId).ToListAsync(cancellationToken);
        if (tests.Count == 0)
        {
            return TypedResults.NotFound($"problem '{problemId}' has no tests");
        }
        foreach (var suite in new[] { SuiteSelection.Full(problemId, tests), SuiteSelection.Samples(problemId, tests) })
        {
            if (suite.Sha256 == suiteSha256)
            {
                // The exact bytes that hash to the requested value, so the operator can verify what it caches.
                return TypedResults.File(suite.ToCanonicalJson(), "application/json");
            }
        }
        return TypedResults.NotFound($"problem '{problemId}' has no test suite with hash {suiteSha256} (its tests changed)");
    }

    internal static async Task<Results<FileStreamHttpResult, UnauthorizedHttpResult, NotFound<string>>> GetBlobAsync(
        string problemId, string sha256, HttpContext context, LetsCodeDbContext db, ITestDataStore store, IOptions<ClusterOptions> options,
        CancellationToken cancellationToken)
    {
        if (!Authorized(context, options.Value))
        {
            return TypedResults.Unauthorized();
        }
        var referenced = await db.ProblemTests.AsNoTracking()
            .AnyAsync(t => t.ProblemId == problemId && (t.InputHash == sha256 || t.OutputHash == sha256), cancellationToken);
        var stream = referenced ? store.OpenRead(sha256) : null;
        return stream is null
            ? TypedResults.NotFound($"problem '{problemId}' has no test data {sha256}")
            : TypedResults.Stream(stream, "application/octet-stream", enableRangeProcessing: false);
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
