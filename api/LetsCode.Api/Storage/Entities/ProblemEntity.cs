namespace LetsCode.Api.Storage.Entities;

/// <summary>A problem: statement, limits and checker. Test data lives outside the row (see ProblemTestEntity).</summary>
public sealed class ProblemEntity
{
    /// <summary>URL-safe slug, e.g. "a-plus-b".</summary>
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public string Statement { get; set; } = "";
    public int? TimeMs { get; set; }
    public int? WallTimeMs { get; set; }
    public int? MemoryMiB { get; set; }
    public int? OutputKiB { get; set; }
    public int? Processes { get; set; }
    /// <summary>CheckerSpec as JSON (runner contract format).</summary>
    public string CheckerJson { get; set; } = "{\"kind\":\"lines\"}";
    /// <summary>FunctionSpec as JSON for function-style problems; null for stdin/stdout problems.</summary>
    public string? FunctionJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<ProblemTestEntity> Tests { get; set; } = [];
}
