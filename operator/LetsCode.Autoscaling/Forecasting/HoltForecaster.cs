namespace LetsCode.Autoscaling.Forecasting;

/// <summary>
/// Holt's double exponential smoothing with a damped trend (Gardner and McKenzie) of per-minute arrival counts, forecast a short look-ahead
/// (the pod start-up time: a pod asked for now is Ready only then). Stateless: the whole history is smoothed on every
/// call, so a restarted or newly elected scaler forecasts exactly what its predecessor did (with 0 &lt; alpha the start
/// value's weight decays as (1 - alpha)^n: 0.6^60 is 5e-14).
/// <para>
/// The trend is damped (phi &lt; 1) because an undamped one overshoots every level shift: after a step from 1/s to
/// 50/s, alpha 0.4 / beta 0.2 forecast 60/s for minutes; alpha 0.5 / beta 0.1 / phi 0.8 overshoot by under 4 %
/// and still track a ramp.
/// </para>
/// <para>
/// Smoothing alone lags a contest burst by minutes, so the forecast is floored by the rate observed just now (the
/// minute in progress, once <see cref="MinPartialMinute"/> of it has passed with <see cref="MinPartialCount"/> arrivals): scaling up reacts within one scaler
/// tick; scaling down is slowed by the stabilizer, not here.
/// </para>
/// </summary>
public sealed class HoltForecaster
{
    public HoltForecaster(double alpha = 0.5, double beta = 0.1, double phi = 0.8, TimeSpan? minPartialMinute = null, long minPartialCount = 10)
    {
        if (alpha is <= 0 or > 1 || double.IsNaN(alpha))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must lie in (0, 1].");
        }

        if (beta is < 0 or > 1 || double.IsNaN(beta))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "beta must lie in [0, 1].");
        }

        if (phi is <= 0 or > 1 || double.IsNaN(phi))
        {
            throw new ArgumentOutOfRangeException(nameof(phi), phi, "phi must lie in (0, 1].");
        }

        Alpha = alpha;
        Phi = phi;
        Beta = beta;
        MinPartialMinute = minPartialMinute ?? TimeSpan.FromSeconds(10);
        MinPartialCount = Math.Max(0, minPartialCount);
    }

    public double Alpha { get; }
    public double Beta { get; }

    /// <summary>Trend damping: each further minute ahead adds phi times the previous minute's trend.</summary>
    public double Phi { get; }

    /// <summary>How much of the minute in progress must have passed before its count is trusted as a rate.</summary>
    public TimeSpan MinPartialMinute { get; }

    /// <summary>
    /// Least arrivals in the minute in progress before they are read as a rate: one submission 15 s into a quiet minute
    /// is not a rate of 4 per minute (a burst has hundreds by then).
    /// </summary>
    public long MinPartialCount { get; }

    /// <summary>How far above the smoothed forecast the minute in progress must run to count as a burst (and be planned for at once).</summary>
    public double BurstFactor { get; init; } = 1.5;

    /// <param name="lookAhead">How far past now to forecast (the pod start-up time).</param>
    public LoadForecast Forecast(ArrivalHistory history, TimeSpan lookAhead)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (lookAhead < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lookAhead), lookAhead, "The look-ahead cannot be negative.");
        }

        var counts = history.Counts;
        var partialRate = history.CurrentMinuteElapsed >= MinPartialMinute && history.CurrentMinuteCount >= MinPartialCount
            ? history.CurrentMinuteCount / history.CurrentMinuteElapsed.TotalSeconds
            : (double?)null;
        if (counts.Count == 0)
        {
            var rate = partialRate ?? 0;
            return new LoadForecast(rate, rate, rate, 0);
        }

        double level = counts[0], trend = 0;
        for (var i = 1; i < counts.Count; i++)
        {
            var previous = level;
            level = (Alpha * counts[i]) + ((1 - Alpha) * (previous + (Phi * trend)));
            trend = (Beta * (level - previous)) + ((1 - Beta) * Phi * trend);
        }

        // The level stands for the middle of the last complete minute; forecast from there to now + look-ahead.
        var minutesAhead = 0.5 + (history.CurrentMinuteElapsed + lookAhead).TotalMinutes;
        var damped = Phi >= 1 ? minutesAhead : Phi * (1 - Math.Pow(Phi, minutesAhead)) / (1 - Phi);
        var smoothed = Math.Max(0, level + (trend * damped)) / 60;
        // A few seconds of a minute are a noisy sample: trust them over the last complete minute only for a burst,
        // i.e. well above what smoothing expects; otherwise ordinary noise would push the target up every tick.
        var observed = partialRate is { } rateNow && rateNow >= BurstFactor * smoothed ? rateNow : counts[^1] / 60.0;
        return new LoadForecast(Math.Max(smoothed, observed), smoothed, observed, trend / 60);
    }
}
