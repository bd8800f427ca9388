namespace LetsCode.Autoscaling.Planning;

/// <summary>
/// Hysteresis for one pool (the HPA's stabilization window, plus a rate limit on the way down):
/// <list type="bullet">
/// <item>a recommendation above the current target applies at once (a cold start costs a user seconds);</item>
/// <item>either way, a change within the policy's tolerance (10 % of the current target) is not made;</item>
/// <item>a lower one applies only once every recommendation of the last scaleDownDelay was lower too (so the target
/// is the highest of that window), and then by at most max(1, fraction * current) pods per scale-down interval.</item>
/// </list>
/// Oscillating load therefore holds the target at the window's peak instead of following each swing: no flapping.
/// On first sight of a pool the current target counts as a recommendation made then, so a restarted (or newly
/// elected) scaler waits a full delay before scaling anything down. Not thread-safe: one per pool, used by one loop.
/// </summary>
public sealed class ScaleDownStabilizer
{
    private readonly CapacityPolicy _policy;
    private readonly LinkedList<(DateTimeOffset At, int Recommended)> _window = new();
    private DateTimeOffset? _lastScaleDown;
    private DateTimeOffset? _previousScaleDown;

    public ScaleDownStabilizer(CapacityPolicy? policy = null)
    {
        _policy = policy ?? new CapacityPolicy();
        _policy.Validate();
    }

    /// <summary>The target to apply now, given the current one and a fresh (clamped) recommendation.</summary>
    public int Decide(DateTimeOffset now, int current, int recommended, PoolBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        current = bounds.Clamp(current);
        recommended = bounds.Clamp(recommended);
        if (_window.Count == 0)
        {
            _window.AddLast((now, current));
        }

        _window.AddLast((now, recommended));
        while (_window.First is { } oldest && oldest.Value.At < now - bounds.ScaleDownDelay && _window.Count > 1)
        {
            _window.RemoveFirst();
        }

        if (recommended >= current)
        {
            return WithinTolerance(current, recommended) ? current : recommended;
        }

        var stable = _window.Max(entry => entry.Recommended);
        if (stable >= current || WithinTolerance(current, stable))
        {
            return current;
        }

        if (_lastScaleDown is { } last && now - last < _policy.ScaleDownInterval)
        {
            return current;
        }

        var step = Math.Max(1, (int)Math.Ceiling(current * _policy.MaxScaleDownFraction));
        _previousScaleDown = _lastScaleDown;
        _lastScaleDown = now;
        return Math.Max(stable, current - step);
    }

    /// <summary>The last decided scale-down could not be written: it does not count against the step interval.</summary>
    public void ScaleDownNotApplied() => _lastScaleDown = _previousScaleDown;

    private bool WithinTolerance(int current, int other) => Math.Abs(other - current) <= _policy.Tolerance * current;
}
