using LetsCode.Autoscaling.Forecasting;

namespace LetsCode.Autoscaling.Tests.Forecasting;

public sealed class HoltForecasterTests
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(10);

    private static ArrivalHistory History(IEnumerable<long> counts, long partial = 0, int elapsedSeconds = 0) =>
        new(1_000, counts.ToList(), partial, TimeSpan.FromSeconds(elapsedSeconds));

    [Fact]
    public void Steady_load_forecasts_its_own_rate()
    {
        var forecast = new HoltForecaster().Forecast(History(Enumerable.Repeat(120L, 60)), Startup);
        Assert.Equal(2.0, forecast.ArrivalsPerSecond, 6);
        Assert.Equal(2.0, forecast.SmoothedPerSecond, 6);
        Assert.Equal(0, forecast.TrendPerSecondPerMinute, 6);
    }

    [Fact]
    public void A_ramp_is_tracked_by_the_trend()
    {
        // +6 per minute: 0.1/s more each minute. Holt learns the trend, so the smoothed forecast keeps up with the
        // ramp (within 2 %; a damped trend trails a little) where plain smoothing (no trend) would trail by a minute's growth.
        var counts = Enumerable.Range(0, 60).Select(m => (long)(60 + (6 * m))).ToList();
        var forecast = new HoltForecaster().Forecast(History(counts), Startup);
        var last = counts[^1] / 60.0;
        Assert.InRange(forecast.SmoothedPerSecond, last * 0.98, last * 1.05);
        Assert.True(forecast.TrendPerSecondPerMinute > 0.02, $"trend {forecast.TrendPerSecondPerMinute}");
        var flat = new HoltForecaster(beta: 0).Forecast(History(counts), Startup);
        Assert.True(forecast.SmoothedPerSecond > flat.SmoothedPerSecond + 0.03, $"{forecast.SmoothedPerSecond} vs {flat.SmoothedPerSecond}");
    }

    [Fact]
    public void A_burst_in_the_minute_in_progress_is_seen_at_once_once_it_is_long_enough()
    {
        var quiet = Enumerable.Repeat(60L, 30).ToList();
        var forecaster = new HoltForecaster();

        // 5 s into the minute: too short to trust, the forecast is still the quiet rate.
        Assert.Equal(1.0, forecaster.Forecast(History(quiet, partial: 250, elapsedSeconds: 5), Startup).ArrivalsPerSecond, 6);

        // 12 s into the minute at 50/s: planned for at once, though the smoothed level has not moved yet.
        var forecast = forecaster.Forecast(History(quiet, partial: 600, elapsedSeconds: 12), Startup);
        Assert.Equal(50.0, forecast.ArrivalsPerSecond, 6);
        Assert.Equal(1.0, forecast.SmoothedPerSecond, 6);
    }

    [Fact]
    public void Falling_load_never_forecasts_negative_rates()
    {
        var counts = new long[] { 3000, 2000, 1000, 0, 0 };
        var forecast = new HoltForecaster().Forecast(History(counts), TimeSpan.FromMinutes(5));
        Assert.True(forecast.SmoothedPerSecond >= 0);
        Assert.Equal(0, forecast.ObservedPerSecond);
    }

    [Fact]
    public void Noisy_input_is_smoothed()
    {
        var random = new Random(7);
        var counts = Enumerable.Range(0, 60).Select(_ => (long)(600 + random.Next(-300, 301))).ToList();
        var forecast = new HoltForecaster().Forecast(History(counts), Startup);

        // Minutes range over 5..15/s; the smoothed level stays near the mean of 10/s.
        Assert.InRange(forecast.SmoothedPerSecond, 7.5, 12.5);
    }

    [Fact]
    public void No_history_and_bad_parameters()
    {
        Assert.Equal(LoadForecast.None.ArrivalsPerSecond, new HoltForecaster().Forecast(ArrivalHistory.Empty(DateTimeOffset.UnixEpoch, 0), Startup).ArrivalsPerSecond);
        Assert.Throws<ArgumentOutOfRangeException>(() => new HoltForecaster(alpha: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HoltForecaster(beta: 1.5));
        Assert.Throws<ArgumentException>(() => History([1, -1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => History([1], elapsedSeconds: 61));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HoltForecaster().Forecast(History([1]), TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Unix_minutes_floor_also_before_the_epoch()
    {
        Assert.Equal(0, ArrivalHistory.UnixMinute(DateTimeOffset.UnixEpoch.AddSeconds(59.9)));
        Assert.Equal(-1, ArrivalHistory.UnixMinute(DateTimeOffset.UnixEpoch.AddSeconds(-1)));
        Assert.Equal(29_000_000, ArrivalHistory.UnixMinute(DateTimeOffset.FromUnixTimeSeconds(29_000_000L * 60)));
    }
}
