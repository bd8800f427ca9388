using System.Text;
using LetsCode.Api.Storage;
using LetsCode.Api.Storage.Entities;
using LetsCode.Api.Storage.Migrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace LetsCode.Api.Cluster.Tests.Infrastructure;

/// <summary>
/// A fresh PostgreSQL database with the service's schema (applied by its own migrator), a blob store in a scratch
/// directory, and one problem ("sum", two tests) to submit to.
/// </summary>
public sealed class ClusterDatabase : IDisposable
{
    public const string ProblemId = "sum";

    private long sequence = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000 - 600_000_000; // ten minutes ago

    private ClusterDatabase(string connectionString, string dataDirectory)
    {
        ConnectionString = connectionString;
        DataDirectory = dataDirectory;
        var options = new DbContextOptionsBuilder<LetsCodeDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql.EnableRetryOnFailure())
            .Options;
        Factory = new PooledDbContextFactory<LetsCodeDbContext>(options);
        TestData = new FileTestDataStore(Path.Combine(dataDirectory, "testdata"));
    }

    public string ConnectionString { get; }

    public string DataDirectory { get; }

    public IDbContextFactory<LetsCodeDbContext> Factory { get; }

    public ITestDataStore TestData { get; }

    public static async Task<ClusterDatabase> CreateAsync(string connectionString)
    {
        var directory = Directory.CreateTempSubdirectory("letscode-cluster-test-").FullName;
        var database = new ClusterDatabase(connectionString, directory);
        await using var db = await database.Factory.CreateDbContextAsync();
        await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).MigrateAsync(db, CancellationToken.None);
        await database.AddProblemAsync(db);
        return database;
    }

    /// <summary>Stores Queued submissions as intake does (row first) and returns them in arrival order.</summary>
    public async Task<IReadOnlyList<SubmissionEntity>> AddQueuedAsync(int count, string language = "python3", string userId = "alice")
    {
        var rows = Enumerable.Range(0, count).Select(_ => new SubmissionEntity
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            ProblemId = ProblemId,
            Language = language,
            Code = "print(sum(map(int, input().split())))",
            Status = SubmissionStatus.Queued,
            QueuedAt = Interlocked.Add(ref sequence, 1000),
            CreatedAt = DateTimeOffset.UtcNow,
        }).ToList();
        await using var db = await Factory.CreateDbContextAsync();
        db.Submissions.AddRange(rows);
        await db.SaveChangesAsync();
        return rows;
    }

    public async Task<List<SubmissionEntity>> SubmissionsAsync()
    {
        await using var db = await Factory.CreateDbContextAsync();
        return await db.Submissions.AsNoTracking().OrderBy(s => s.QueuedAt).ToListAsync();
    }

    public async Task<List<SubmissionTestEntity>> TestResultsAsync(Guid id)
    {
        await using var db = await Factory.CreateDbContextAsync();
        return await db.SubmissionTests.AsNoTracking().Where(t => t.SubmissionId == id).OrderBy(t => t.Index).ToListAsync();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private async Task AddProblemAsync(LetsCodeDbContext db)
    {
        var problem = new ProblemEntity
        {
            Id = ProblemId,
            Title = "Sum",
            Statement = "Print a + b.",
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        var cases = new[] { ("1", "1 2\n", "3\n", true), ("2", "40 2\n", "42\n", false) };
        for (var i = 0; i < cases.Length; i++)
        {
            var (name, input, output, sample) = cases[i];
            var inputBlob = await TestData.PutAsync(new MemoryStream(Encoding.UTF8.GetBytes(input)), long.MaxValue, CancellationToken.None);
            var outputBlob = await TestData.PutAsync(new MemoryStream(Encoding.UTF8.GetBytes(output)), long.MaxValue, CancellationToken.None);
            problem.Tests.Add(new ProblemTestEntity
            {
                ProblemId = ProblemId,
                Name = name,
                Ordinal = i,
                IsSample = sample,
                InputHash = inputBlob.Sha256,
                InputBytes = inputBlob.Bytes,
                OutputHash = outputBlob.Sha256,
                OutputBytes = outputBlob.Bytes,
            });
        }
        db.Problems.Add(problem);
        await db.SaveChangesAsync();
    }
}
