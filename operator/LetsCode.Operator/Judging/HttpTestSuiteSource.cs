using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using LetsCode.Judge.Model;

namespace LetsCode.Operator.Judging;

/// <summary>
/// Fetches test suites from the API's internal endpoint:
/// <c>GET {base}/internal/problems/{problemId}/tests/{sha256}</c> answering a JSON array of
/// <c>{"name","input","expectedOutput"}</c> whose bytes hash to sha256. The hash is verified (a suite is content
/// addressed, so a cached copy can never be stale) and suites are cached in memory by hash, up to a byte budget.
/// </summary>
public sealed class HttpTestSuiteSource : ITestSuiteSource
{
    private readonly HttpClient _http;
    private readonly Uri _baseAddress;
    private readonly long _cacheBudgetBytes;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (IReadOnlyList<TestCase> Tests, long Bytes)> _cache = [];
    private readonly LinkedList<string> _lru = new();
    private long _cachedBytes;

    public HttpTestSuiteSource(HttpClient http, Uri baseAddress, long cacheBudgetBytes = 256L * 1024 * 1024)
    {
        _http = http;
        _baseAddress = baseAddress;
        _cacheBudgetBytes = cacheBudgetBytes;
    }

    public async Task<IReadOnlyList<TestCase>> GetAsync(string problemId, string sha256, CancellationToken cancellationToken)
    {
        sha256 = sha256.ToLowerInvariant();
        lock (_gate)
        {
            if (_cache.TryGetValue(sha256, out var hit))
            {
                _lru.Remove(sha256);
                _lru.AddFirst(sha256);
                return hit.Tests;
            }
        }

        var uri = new Uri(_baseAddress, $"internal/problems/{Uri.EscapeDataString(problemId)}/tests/{sha256}");
        byte[] body;
        try
        {
            using var response = await _http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new TestSuiteUnavailableException($"test suite {problemId}@{sha256} not found", permanent: true);
            }

            response.EnsureSuccessStatusCode();
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new TestSuiteUnavailableException($"fetching test suite {problemId}@{sha256}: {e.Message}", permanent: false, e);
        }

        var actual = Convert.ToHexStringLower(SHA256.HashData(body));
        if (actual != sha256)
        {
            throw new TestSuiteUnavailableException($"test suite {problemId}: content hashes to {actual}, not {sha256}", permanent: true);
        }

        IReadOnlyList<TestCase> tests;
        try
        {
            tests = JsonSerializer.Deserialize(body, TestSuiteJsonContext.Default.ListTestCase)
                ?? throw new JsonException("null suite");
        }
        catch (JsonException e)
        {
            throw new TestSuiteUnavailableException($"test suite {problemId}@{sha256} is not a JSON list of tests: {e.Message}", permanent: true, e);
        }

        Remember(sha256, tests, body.LongLength);
        return tests;
    }

    private void Remember(string sha256, IReadOnlyList<TestCase> tests, long bytes)
    {
        lock (_gate)
        {
            if (bytes > _cacheBudgetBytes || _cache.ContainsKey(sha256))
            {
                return;
            }

            while (_cachedBytes + bytes > _cacheBudgetBytes && _lru.Last is { } oldest)
            {
                _cachedBytes -= _cache[oldest.Value].Bytes;
                _cache.Remove(oldest.Value);
                _lru.RemoveLast();
            }

            _cache[sha256] = (tests, bytes);
            _lru.AddFirst(sha256);
            _cachedBytes += bytes;
        }
    }
}
