namespace LetsCode.Api.Configuration;

/// <summary>
/// Collection of test data no problem uses any more (section "TestData:Collection"; env
/// TestData__Collection__GraceHours=48 etc.), by <see cref="Storage.TestDataCollector"/>.
/// </summary>
public sealed class TestDataCollectionOptions
{
    public const string Section = "TestData:Collection";

    /// <summary>Off: blobs are never deleted (as before collection existed).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often a pass runs; the first one runs one interval after start-up.</summary>
    public double IntervalMinutes { get; set; } = 60;

    /// <summary>
    /// Only blobs last stored longer ago than this are deleted. Must exceed the longest upload and the time between a
    /// put and the save of the test that names it (see TestDataCollector); 0 is for tests only.
    /// </summary>
    public double GraceHours { get; set; } = 24;

    public TimeSpan Interval => TimeSpan.FromMinutes(IntervalMinutes);

    public TimeSpan Grace => TimeSpan.FromHours(GraceHours);
}
