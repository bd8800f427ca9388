using System.Text.Json;
using System.Text.Json.Serialization;

namespace LetsCode.Judge.Sandbox.Seccomp;

/// <summary>
/// A seccomp profile in the OCI / Docker JSON format (the same files Kubernetes nodes load as Localhost profiles).
/// Only the members the filter needs; unknown members are ignored, as Go's JSON decoding in runc and containerd
/// ignores them (our own profiles carry none: their comments live in docs/sandbox.md).
/// </summary>
internal sealed record SeccompProfile
{
    public required string DefaultAction { get; init; }
    public int? DefaultErrnoRet { get; init; }
    public IReadOnlyList<string> Architectures { get; init; } = [];
    public IReadOnlyList<SeccompRule> Syscalls { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <exception cref="FormatException">The text is not a usable profile.</exception>
    public static SeccompProfile Parse(string name, string json)
    {
        SeccompProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize<SeccompProfile>(json, Json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"seccomp profile '{name}' is not valid JSON: {e.Message}", e);
        }
        if (profile is null || string.IsNullOrEmpty(profile.DefaultAction))
            throw new FormatException($"seccomp profile '{name}' has no defaultAction");
        foreach (var rule in profile.Syscalls)
        {
            if (rule.Names.Count == 0 || string.IsNullOrEmpty(rule.Action))
                throw new FormatException($"seccomp profile '{name}' has a rule without names or action");
        }
        return profile;
    }
}

internal sealed record SeccompRule
{
    public IReadOnlyList<string> Names { get; init; } = [];
    public string Action { get; init; } = "";
    public int? ErrnoRet { get; init; }
    public IReadOnlyList<SeccompArgument> Args { get; init; } = [];
}

internal sealed record SeccompArgument
{
    public uint Index { get; init; }
    public ulong Value { get; init; }
    public ulong ValueTwo { get; init; }
    [JsonConverter(typeof(JsonStringEnumConverter<SeccompOperator>))]
    public SeccompOperator Op { get; init; }
}

/// <summary>libseccomp's enum scmp_compare, spelled as in OCI profiles.</summary>
internal enum SeccompOperator
{
    SCMP_CMP_NE = 1,
    SCMP_CMP_LT = 2,
    SCMP_CMP_LE = 3,
    SCMP_CMP_EQ = 4,
    SCMP_CMP_GE = 5,
    SCMP_CMP_GT = 6,
    SCMP_CMP_MASKED_EQ = 7,
}
