using System.Text.Json.Serialization;
using LetsCode.Judge.Languages;

namespace LetsCode.Runner;

/// <summary>{"error": "..."}: the answer to an invalid job (exit code 2).</summary>
public sealed record ErrorResponse(string Error);

/// <summary>`doctor`: whether every sandbox layer is up, each layer's state, and why a missing one is missing.</summary>
public sealed record DoctorReport(bool Ready, bool Insecure, IReadOnlyList<DoctorLayer> Layers, string? Error);

public sealed record DoctorLayer(string Layer, bool Active, string Detail);

/// <summary>Source-generated JSON for the runner's own outputs (the job and result live in JudgeJson).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(DoctorReport))]
[JsonSerializable(typeof(IReadOnlyList<LanguageInfo>))]
internal sealed partial class RunnerJson : JsonSerializerContext;
