namespace LetsCode.Api.Cluster.Dispatch;

/// <summary>
/// A Submission resource's name is a function of the submission id alone, so a retried or duplicated dispatch
/// meets AlreadyExists instead of creating a second judge run. "sub-" + 32 hex digits is a valid DNS-1123 name.
/// </summary>
public static class ResourceNames
{
    private const string Prefix = "sub-";

    public static string For(Guid submissionId) => Prefix + submissionId.ToString("N");

    public static bool TryParse(string name, out Guid submissionId)
    {
        submissionId = Guid.Empty;
        return name is not null && name.StartsWith(Prefix, StringComparison.Ordinal)
            && Guid.TryParseExact(name[Prefix.Length..], "N", out submissionId);
    }
}
