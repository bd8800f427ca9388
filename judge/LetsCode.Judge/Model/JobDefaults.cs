using System.Globalization;

namespace LetsCode.Judge.Model;

/// <summary>
/// Fills what a job's JSON left out. The source-generated deserializer sets a missing init-only property to null
/// rather than to its initializer, so defaults are applied here, once, before validation and judging.
/// </summary>
public static class JobDefaults
{
    public static JudgeJob Apply(JudgeJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var checker = job.Checker ?? new CheckerSpec();
        return job with
        {
            Limits = job.Limits ?? new Limits(),
            Checker = checker.Kind is null ? checker with { Kind = CheckerSpec.Lines } : checker,
            Tests = job.Tests is null ? [] : [.. job.Tests.Select((test, index) => test is null ? null! : test with
            {
                Name = string.IsNullOrEmpty(test.Name) ? (index + 1).ToString(CultureInfo.InvariantCulture) : test.Name,
                Input = test.Input ?? "",
            })],
        };
    }
}
