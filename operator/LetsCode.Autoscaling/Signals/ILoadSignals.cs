namespace LetsCode.Autoscaling.Signals;

/// <summary>
/// The load signals the scaler reads per language: arrivals per minute, the queue backlog and the mean judge
/// duration. <see cref="RedisLoadSignals"/> reads them from cluster mode's Redis; anything else (a test, another
/// queue) can stand in. Throws <see cref="LoadSignalException"/> when a signal exists but cannot be read as documented.
/// </summary>
public interface ILoadSignals
{
    /// <param name="historyMinutes">Complete minutes of arrival history wanted before the one <paramref name="now"/> lies in.</param>
    Task<LanguageLoad> GetAsync(string language, DateTimeOffset now, int historyMinutes, CancellationToken cancellationToken = default);
}
