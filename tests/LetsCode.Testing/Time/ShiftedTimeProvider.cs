namespace LetsCode.Testing.Time;

/// <summary>The system clock moved by a fixed offset: "two days from now" without waiting two days, while time still runs.</summary>
public sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
