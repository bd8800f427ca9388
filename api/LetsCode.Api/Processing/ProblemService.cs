using System.Text;
using System.Text.Json;
using LetsCode.Api.Contracts;
using LetsCode.Api.Storage;
using LetsCode.Api.Storage.Entities;
using LetsCode.Judge.FunctionStyle;
using LetsCode.Judge.Model;
using Microsoft.EntityFrameworkCore;

namespace LetsCode.Api.Processing;

/// <summary>Problems and their tests: request documents to rows, test data to the blob store, rows to documents.</summary>
public sealed class ProblemService(LetsCodeDbContext db, ITestDataStore testData, TimeProvider time)
{
    /// <summary>Sample test data at most this large is shown inline in the problem document.</summary>
    private const long InlineSampleBytes = 64 * 1024;

    public Task<bool> ExistsAsync(string id, CancellationToken cancellationToken) =>
        db.Problems.AnyAsync(p => p.Id == id, cancellationToken);

    public async Task<ProblemEntity?> FindAsync(string id, CancellationToken cancellationToken) =>
        await db.Problems.Include(p => p.Tests).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);

    public async Task<IReadOnlyList<ProblemSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Problems.AsNoTracking()
            .OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.Title, p.FunctionJson, Tests = p.Tests.Count, p.UpdatedAt })
            .ToListAsync(cancellationToken);
        return rows.Select(p => new ProblemSummary(p.Id, p.Title, p.FunctionJson is null ? "stdio" : "function", p.Tests, p.UpdatedAt)).ToList();
    }

    public async Task<ProblemEntity> CreateAsync(ProblemRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var problem = new ProblemEntity { Id = request.Id!, CreatedAt = now };
        Apply(problem, request, now);
        problem.Tests = await StoreTestsAsync(problem.Id, request.Tests ?? [], request.Function is not null, cancellationToken);
        db.Problems.Add(problem);
        await db.SaveChangesAsync(cancellationToken);
        return problem;
    }

    public async Task UpdateAsync(ProblemEntity problem, ProblemRequest request, CancellationToken cancellationToken)
    {
        Apply(problem, request, time.GetUtcNow());
        if (request.Tests is not null)
        {
            db.ProblemTests.RemoveRange(problem.Tests);
            await db.SaveChangesAsync(cancellationToken);
            var tests = await StoreTestsAsync(problem.Id, request.Tests, request.Function is not null, cancellationToken);
            db.ProblemTests.AddRange(tests);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task DeleteAsync(ProblemEntity problem, CancellationToken cancellationToken)
    {
        db.Problems.Remove(problem);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Stores one uploaded part of a test (streamed; never buffered whole) and creates the test if new.</summary>
    public async Task<StoredBlob> UploadAsync(
        ProblemEntity problem, string name, bool isInput, bool? sample, Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        var blob = await testData.PutAsync(body, maxBytes, cancellationToken);
        var test = problem.Tests.SingleOrDefault(t => t.Name == name);
        if (test is null)
        {
            var empty = await testData.PutAsync(Stream.Null, 0, cancellationToken);
            test = new ProblemTestEntity
            {
                ProblemId = problem.Id,
                Name = name,
                Ordinal = problem.Tests.Count == 0 ? 0 : problem.Tests.Max(t => t.Ordinal) + 1,
                InputHash = empty.Sha256,
                OutputHash = empty.Sha256,
            };
            db.ProblemTests.Add(test);
        }
        if (isInput)
        {
            test.InputHash = blob.Sha256;
            test.InputBytes = blob.Bytes;
        }
        else
        {
            test.OutputHash = blob.Sha256;
            test.OutputBytes = blob.Bytes;
        }
        if (sample is { } s)
        {
            test.IsSample = s;
        }
        problem.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return blob;
    }

    public async Task DeleteTestAsync(ProblemEntity problem, ProblemTestEntity test, CancellationToken cancellationToken)
    {
        db.ProblemTests.Remove(test);
        problem.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    public Stream? OpenTestData(string sha256) => testData.OpenRead(sha256);

    public async Task<ProblemDocument> ToDocumentAsync(ProblemEntity problem, CancellationToken cancellationToken)
    {
        var tests = new List<ProblemTestDocument>();
        foreach (var t in problem.Tests.OrderBy(t => t.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal))
        {
            var inline = t.IsSample && t.InputBytes + t.OutputBytes <= InlineSampleBytes;
            tests.Add(new ProblemTestDocument
            {
                Name = t.Name,
                Ordinal = t.Ordinal,
                Sample = t.IsSample,
                InputSha256 = t.InputHash,
                InputBytes = t.InputBytes,
                OutputSha256 = t.OutputHash,
                OutputBytes = t.OutputBytes,
                Input = inline ? await ReadTextAsync(t.InputHash, cancellationToken) : null,
                ExpectedOutput = inline ? await ReadTextAsync(t.OutputHash, cancellationToken) : null,
            });
        }

        var function = ExecutionPlanner.ReadFunction(problem);
        var checker = function is null ? ExecutionPlanner.ReadChecker(problem) : null;
        return new ProblemDocument
        {
            Id = problem.Id,
            Title = problem.Title,
            Statement = problem.Statement,
            Kind = function is null ? "stdio" : "function",
            Limits = new LimitsDocument
            {
                TimeMs = problem.TimeMs,
                WallTimeMs = problem.WallTimeMs,
                MemoryMiB = problem.MemoryMiB,
                OutputKiB = problem.OutputKiB,
                Processes = problem.Processes,
            },
            Checker = checker is null
                ? new CheckerDocument { Kind = "json" }
                : new CheckerDocument { Kind = checker.Kind, Absolute = checker.Absolute, Relative = checker.Relative, Language = checker.Language, Source = checker.Source },
            Function = function is null ? null : new FunctionDocument
            {
                EntryPoint = function.EntryPoint,
                UnorderedResult = function.UnorderedResult,
                FloatTolerance = function.FloatTolerance,
            },
            Tests = tests,
            CreatedAt = problem.CreatedAt,
            UpdatedAt = problem.UpdatedAt,
        };
    }

    private async Task<string?> ReadTextAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var stream = testData.OpenRead(sha256);
        if (stream is null)
        {
            return null;
        }
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private static void Apply(ProblemEntity problem, ProblemRequest request, DateTimeOffset now)
    {
        problem.Title = request.Title!.Trim();
        problem.Statement = request.Statement ?? "";
        problem.TimeMs = request.Limits?.TimeMs;
        problem.WallTimeMs = request.Limits?.WallTimeMs;
        problem.MemoryMiB = request.Limits?.MemoryMiB;
        problem.OutputKiB = request.Limits?.OutputKiB;
        problem.Processes = request.Limits?.Processes;
        var checker = request.Checker is null
            ? new CheckerSpec()
            : new CheckerSpec
            {
                Kind = request.Checker.Kind ?? CheckerSpec.Lines,
                Absolute = request.Checker.Absolute,
                Relative = request.Checker.Relative,
                Language = request.Checker.Language,
                Source = request.Checker.Source,
            };
        problem.CheckerJson = JsonSerializer.Serialize(checker, StorageJson.Options);
        problem.FunctionJson = request.Function is null
            ? null
            : JsonSerializer.Serialize(new FunctionSpec
            {
                EntryPoint = request.Function.EntryPoint!,
                UnorderedResult = request.Function.UnorderedResult,
                FloatTolerance = request.Function.FloatTolerance ?? new FunctionSpec().FloatTolerance,
            }, StorageJson.Options);
        problem.UpdatedAt = now;
    }

    private async Task<List<ProblemTestEntity>> StoreTestsAsync(
        string problemId, IReadOnlyList<ProblemTestRequest> tests, bool functionStyle, CancellationToken cancellationToken)
    {
        var rows = new List<ProblemTestEntity>();
        for (var i = 0; i < tests.Count; i++)
        {
            var t = tests[i];
            var input = functionStyle ? CanonicalJson.Canonicalize(t.Args) + "\n" : t.Input ?? "";
            var output = functionStyle ? CanonicalJson.Canonicalize(t.Expected) + "\n" : t.ExpectedOutput ?? "";
            var inputBlob = await PutTextAsync(input, cancellationToken);
            var outputBlob = await PutTextAsync(output, cancellationToken);
            rows.Add(new ProblemTestEntity
            {
                ProblemId = problemId,
                Name = t.Name ?? (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Ordinal = i,
                IsSample = t.Sample,
                InputHash = inputBlob.Sha256,
                InputBytes = inputBlob.Bytes,
                OutputHash = outputBlob.Sha256,
                OutputBytes = outputBlob.Bytes,
            });
        }
        return rows;
    }

    private async Task<StoredBlob> PutTextAsync(string text, CancellationToken cancellationToken)
    {
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return await testData.PutAsync(stream, long.MaxValue, cancellationToken);
    }
}
