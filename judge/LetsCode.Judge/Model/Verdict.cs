using System.Text.Json.Serialization;

namespace LetsCode.Judge.Model;

/// <summary>The eight verdicts of the runner contract. The names are the wire format: never rename.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Verdict>))]
public enum Verdict
{
    Accepted,
    WrongAnswer,
    TimeLimitExceeded,
    MemoryLimitExceeded,
    OutputLimitExceeded,
    RuntimeError,
    CompilationError,
    InternalError,
}
