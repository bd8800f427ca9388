using LetsCode.Autoscaling.Planning;

namespace LetsCode.Autoscaling.Scaling;

public sealed record AutoscalerOptions
{
    /// <summary>Pools annotated with this set to "false" are left alone (to be driven by kubectl scale, an HPA or KEDA).</summary>
    public const string EnabledAnnotation = "autoscaling.letscode.dev/enabled";

    /// <summary>Per-pool pod start-up time in seconds (create to Ready), overriding <see cref="PodStartupTime"/>.</summary>
    public const string StartupSecondsAnnotation = "autoscaling.letscode.dev/pod-startup-seconds";

    /// <summary>Namespace whose WarmPools are scaled.</summary>
    public required string Namespace { get; init; }

    /// <summary>Time between two passes over all pools.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Pod start-up time S (create to Ready; gVisor with a cached image takes a few seconds): the look-ahead and the replenishment time.</summary>
    public TimeSpan PodStartupTime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Judge duration assumed for a language with no stats yet (only the busy estimate uses it).</summary>
    public TimeSpan DefaultJudgeDuration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Complete minutes of arrivals the forecaster smooths.</summary>
    public int HistoryMinutes { get; init; } = 60;

    /// <summary>Holt's smoothing of the level, of the trend, and the trend's damping (see <c>HoltForecaster</c>).</summary>
    public double Alpha { get; init; } = 0.5;

    public double Beta { get; init; } = 0.1;

    public double Phi { get; init; } = 0.8;

    public CapacityPolicy Policy { get; init; } = new();

    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Namespace);
        if (Interval <= TimeSpan.Zero || PodStartupTime < TimeSpan.Zero || DefaultJudgeDuration < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Interval), "Interval must be positive; start-up time and judge duration not negative.");
        }

        if (HistoryMinutes is < 1 or > 1440)
        {
            throw new ArgumentOutOfRangeException(nameof(HistoryMinutes), HistoryMinutes, "Must lie in [1, 1440].");
        }

        Policy.Validate();
    }
}
