using System.Text.Json;
using System.Text.Json.Serialization;

namespace LetsCode.Judge.Model;

/// <summary>Source-generated JSON for the runner contract: camelCase, nulls omitted, enums as names.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    // A misspelt field ("timeLimit") must be an error, not a silently ignored default.
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(JudgeJob))]
[JsonSerializable(typeof(JudgeResult))]
[JsonSerializable(typeof(TestResult))]
[JsonSerializable(typeof(CompileResult))]
public sealed partial class JudgeJson : JsonSerializerContext;
