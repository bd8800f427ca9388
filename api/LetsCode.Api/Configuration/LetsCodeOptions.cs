using LetsCode.Judge.Model;

namespace LetsCode.Api.Configuration;

/// <summary>Everything the service reads from configuration (section "LetsCode"; env LetsCode__Workers=4 etc.).</summary>
public sealed class LetsCodeOptions
{
    public const string Section = "LetsCode";

    /// <summary>Embedded (default: SQLite, in-process queue and judge) or Cluster (issue 6).</summary>
    public ServiceMode Mode { get; set; } = ServiceMode.Embedded;

    /// <summary>Root for the SQLite file, test data, judge work and cache directories.</summary>
    public string DataDirectory { get; set; } = "data";

    public StorageProvider Storage { get; set; } = StorageProvider.Sqlite;

    /// <summary>PostgreSQL connection string (Storage=Postgres); for SQLite, overrides the default file.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply schema migrations at start-up.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Load the sample problems when the problem table is empty.</summary>
    public bool SeedSamples { get; set; } = true;

    /// <summary>Concurrent judge workers; 0 means one per core.</summary>
    public int Workers { get; set; }

    /// <summary>Queued or running submissions one user may have before 429.</summary>
    public int PerUserQueueCap { get; set; } = 32;

    /// <summary>Largest accepted source, in bytes of UTF-8.</summary>
    public int MaxCodeBytes { get; set; } = 64 * 1024;

    /// <summary>Largest stdin for POST /api/test, in bytes.</summary>
    public int MaxCustomInputBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest single test data upload.</summary>
    public long MaxTestDataUploadBytes { get; set; } = JobLimitsPolicy.Default.MaxTestDataBytes;

    /// <summary>Test data loaded into one judge job at most; larger problems are judged in several batches.</summary>
    public long MaxJobTestDataBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>How long POST /api/submit?wait=true blocks before answering with the current state.</summary>
    public int WaitTimeoutSeconds { get; set; } = 60;

    public double SystemStatusIntervalSeconds { get; set; } = 3;

    /// <summary>Judge scratch space; null: the judge's default under /tmp (must be traversable by uid 65534).</summary>
    public string? JudgeWorkRoot { get; set; }

    /// <summary>Compile cache; null: the judge's default under /tmp.</summary>
    public string? JudgeCacheRoot { get; set; }

    /// <summary>Development only: run the judge without its sandbox layers (see docs/runner-protocol.md).</summary>
    public bool InsecureNoSandbox { get; set; }

    public int EffectiveWorkers => Workers > 0 ? Workers : Environment.ProcessorCount;

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);
}

public enum ServiceMode { Embedded, Cluster }

public enum StorageProvider { Sqlite, Postgres }
