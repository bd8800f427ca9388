using System.Text.Json.Nodes;

namespace LetsCode.Api.Contracts;

/// <summary>POST /api/problems and PUT /api/problems/{id} body.</summary>
public sealed record ProblemRequest
{
    /// <summary>Slug (lowercase letters, digits, '-'); required on POST, must match the path on PUT.</summary>
    public string? Id { get; init; }
    public string? Title { get; init; }
    public string? Statement { get; init; }
    public LimitsDocument? Limits { get; init; }
    public CheckerDocument? Checker { get; init; }
    /// <summary>Set for a function-style (LeetCode-style) problem.</summary>
    public FunctionDocument? Function { get; init; }
    /// <summary>Inline tests. On PUT, null keeps the current tests, a list replaces them.</summary>
    public IReadOnlyList<ProblemTestRequest>? Tests { get; init; }
}

public sealed record LimitsDocument
{
    public int? TimeMs { get; init; }
    public int? WallTimeMs { get; init; }
    public int? MemoryMiB { get; init; }
    public int? OutputKiB { get; init; }
    public int? Processes { get; init; }
}

/// <summary>The runner contract's checker: kind lines|exact|tokens|float|unordered-lines|custom.</summary>
public sealed record CheckerDocument
{
    public string? Kind { get; init; }
    public double? Absolute { get; init; }
    public double? Relative { get; init; }
    public string? Language { get; init; }
    public string? Source { get; init; }
}

public sealed record FunctionDocument
{
    public string? EntryPoint { get; init; }
    public bool UnorderedResult { get; init; }
    public double? FloatTolerance { get; init; }
}

/// <summary>
/// A stdin/stdout test has input and expectedOutput; a function-style test has args (a JSON array) and expected
/// (any JSON value).
/// </summary>
public sealed record ProblemTestRequest
{
    public string? Name { get; init; }
    public string? Input { get; init; }
    public string? ExpectedOutput { get; init; }
    public JsonArray? Args { get; init; }
    public JsonNode? Expected { get; init; }
    public bool Sample { get; init; }
}

public sealed record ProblemSummary(string Id, string Title, string Kind, int TestCount, DateTimeOffset UpdatedAt);

public sealed record ProblemDocument
{
    public string Id { get; init; } = "";
    public string Title { get; init; } = "";
    public string Statement { get; init; } = "";
    /// <summary>"stdio" or "function".</summary>
    public string Kind { get; init; } = "";
    public LimitsDocument Limits { get; init; } = new();
    public CheckerDocument Checker { get; init; } = new();
    public FunctionDocument? Function { get; init; }
    public IReadOnlyList<ProblemTestDocument> Tests { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A test's metadata; sample tests also carry their data inline (when small).</summary>
public sealed record ProblemTestDocument
{
    public string Name { get; init; } = "";
    public int Ordinal { get; init; }
    public bool Sample { get; init; }
    public string InputSha256 { get; init; } = "";
    public long InputBytes { get; init; }
    public string OutputSha256 { get; init; } = "";
    public long OutputBytes { get; init; }
    public string? Input { get; init; }
    public string? ExpectedOutput { get; init; }
}

/// <summary>Answer of a test data upload.</summary>
public sealed record TestDataUploadResponse(string ProblemId, string Name, string Part, string Sha256, long Bytes);
