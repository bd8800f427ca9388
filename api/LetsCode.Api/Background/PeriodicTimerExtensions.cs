namespace LetsCode.Api.Background;

/// <summary>The wait at the bottom of every periodic background service's loop.</summary>
public static class PeriodicTimerExtensions
{
    /// <summary>
    /// Waits for the next tick; false once the service is stopping (or the timer was disposed), so a loop
    /// <c>while (await timer.TickOrStopAsync(token))</c> ends quietly at shutdown instead of throwing.
    /// </summary>
    public static async Task<bool> TickOrStopAsync(this PeriodicTimer timer, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
