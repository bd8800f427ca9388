namespace LetsCode.Autoscaling.Forecasting;

/// <param name="ArrivalsPerSecond">What the planner sizes for: the larger of the smoothed forecast and the rate observed just now.</param>
/// <param name="SmoothedPerSecond">Holt's forecast at the look-ahead time.</param>
/// <param name="ObservedPerSecond">The most recent rate seen (the minute in progress once it is long enough, else the last complete minute).</param>
/// <param name="TrendPerSecondPerMinute">Holt's trend: how fast the rate grows (negative: falls).</param>
public sealed record LoadForecast(double ArrivalsPerSecond, double SmoothedPerSecond, double ObservedPerSecond, double TrendPerSecondPerMinute)
{
    public static LoadForecast None { get; } = new(0, 0, 0, 0);
}
