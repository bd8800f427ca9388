using System.Text.Json.Serialization;
using LetsCode.Kubernetes.Models;

namespace LetsCode.Operator.Resources;

/// <summary>Source-generated JSON for our custom resources, with the same options as the library's built-in kinds.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(Submission))]
[JsonSerializable(typeof(KubernetesList<Submission>))]
[JsonSerializable(typeof(WarmPool))]
[JsonSerializable(typeof(KubernetesList<WarmPool>))]
[JsonSerializable(typeof(SubmissionStatus))]
[JsonSerializable(typeof(WarmPoolStatus))]
public sealed partial class OperatorJsonContext : JsonSerializerContext;
