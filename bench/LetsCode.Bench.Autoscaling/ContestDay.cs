namespace LetsCode.Bench.Autoscaling;

/// <summary>
/// A synthetic contest day, arrivals per second as a function of the second of the day: a quiet night, a morning
/// ramp to daytime practice (1/s with a slow wave), a two-hour contest at 10/s whose last 15 minutes are a 50/s
/// burst (everyone submits before the end), and an evening decline.
/// </summary>
public static class ContestDay
{
    public const int Seconds = 24 * 3600;

    public static double Rate(int second)
    {
        var hour = second / 3600.0;
        return hour switch
        {
            < 7 => 0.02,
            < 10 => 0.02 + ((hour - 7) / 3 * 0.98),                         // ramp to 1/s
            < 14 => 1 + (0.3 * Math.Sin((hour - 10) * Math.PI / 2)),        // practice
            < 15.75 => 10,                                                  // contest
            < 16 => 50,                                                     // the final burst
            < 20 => 1,
            _ => 1 - ((hour - 20) / 4 * 0.9),                               // evening
        };
    }
}
