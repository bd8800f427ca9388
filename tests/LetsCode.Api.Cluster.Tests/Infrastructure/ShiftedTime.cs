namespace LetsCode.Api.Cluster.Tests.Infrastructure;

/// <summary>The system clock moved by a fixed offset: "two days from now" without waiting two days.</summary>
public sealed class ShiftedTime(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
