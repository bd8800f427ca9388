using System.Text.Json.Serialization;

namespace LetsCode.Api.Contracts;

/// <summary>POST /api/test body: run code once on the given stdin.</summary>
public sealed record TestRunRequest
{
    public string? Code { get; init; }
    public string? Input { get; init; }
    public string? Language { get; init; }
}

/// <summary>
/// POST /api/test answer. <c>success</c>: compiled, and ran to a normal exit within the limits. <c>executionTime</c>
/// is CPU time in ms.
/// </summary>
public sealed record TestRunResponse
{
    public bool Success { get; init; }
    public string Output { get; init; } = "";
    public long ExecutionTime { get; init; }
    public long WallTime { get; init; }
    public long MemoryKiB { get; init; }
    public string Verdict { get; init; } = "";
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? ExitCode { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Signal { get; init; }
    public string Stderr { get; init; } = "";
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? CompileOutput { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Error { get; init; }
}

/// <summary>GET /api/languages item.</summary>
public sealed record LanguageDocument(string Name, string Version, bool Compiled, bool FunctionStyle);
