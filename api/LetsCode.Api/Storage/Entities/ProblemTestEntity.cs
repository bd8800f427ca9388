namespace LetsCode.Api.Storage.Entities;

/// <summary>One test of a problem: its input and expected output are content-addressed blobs (SHA-256 hex).</summary>
public sealed class ProblemTestEntity
{
    public string ProblemId { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>Judging order.</summary>
    public int Ordinal { get; set; }
    /// <summary>Sample tests are shown to users and are the ones a custom test (isCustomTest) runs.</summary>
    public bool IsSample { get; set; }
    public string InputHash { get; set; } = "";
    public long InputBytes { get; set; }
    public string OutputHash { get; set; } = "";
    public long OutputBytes { get; set; }
}
