namespace LetsCode.Bench.Autoscaling;

/// <summary>
/// A second-by-second model of one WarmPool under the operator's rules (operator/LetsCode.Operator's planner): idle
/// pods (starting ones included) are kept at the target, creating at most up to max pods in all; a submission claims
/// a Ready idle pod (warm) or else waits for a cold pod (start-up S); a claimed pod judges for W and is deleted; idle
/// pods beyond the target are deleted once they have been surplus for the pool's scale-down delay.
/// </summary>
public sealed class PoolSimulation(int max, TimeSpan startup, TimeSpan judge, TimeSpan scaleDownDelay)
{
    private readonly Queue<int> _starting = new(); // second each starting pod becomes Ready (FIFO: same start-up time)
    private readonly Queue<int> _busyUntil = new();
    private int _idleReady;
    private int? _surplusSince;

    public long Submissions { get; private set; }
    public long Warm { get; private set; }
    public double PodSeconds { get; private set; }
    public int PeakPods { get; private set; }

    /// <summary>Cold starts per minute of the day.</summary>
    public int[] ColdPerMinute { get; } = new int[24 * 60];

    /// <summary>One second: pods become Ready, <paramref name="arrivals"/> submissions claim pods, the operator reconciles.</summary>
    public void Step(int second, int arrivals, int target)
    {
        var s = (int)startup.TotalSeconds;
        var w = (int)judge.TotalSeconds;
        while (_starting.Count > 0 && _starting.Peek() <= second)
        {
            _starting.Dequeue();
            _idleReady++;
        }

        while (_busyUntil.Count > 0 && _busyUntil.Peek() <= second)
        {
            _busyUntil.Dequeue();
        }

        for (var i = 0; i < arrivals; i++)
        {
            Submissions++;
            if (_idleReady > 0)
            {
                _idleReady--;
                Warm++;
                _busyUntil.Enqueue(second + w);
            }
            else
            {
                PodSeconds += s + w; // a cold pod, outside the pool, for this submission alone
                ColdPerMinute[Math.Min(ColdPerMinute.Length - 1, second / 60)]++;
            }
        }

        var idle = _idleReady + _starting.Count;
        var create = Math.Max(0, Math.Min(target - idle, max - (idle + _busyUntil.Count)));
        for (var i = 0; i < create; i++)
        {
            _starting.Enqueue(second + s);
        }

        idle += create;
        var surplus = idle - target;
        if (surplus > 0)
        {
            _surplusSince ??= second;
            if (second - _surplusSince >= scaleDownDelay.TotalSeconds)
            {
                RemoveSurplus(surplus);
                _surplusSince = null;
            }
        }
        else
        {
            _surplusSince = null;
        }

        var pods = _idleReady + _starting.Count + _busyUntil.Count;
        PodSeconds += pods;
        PeakPods = Math.Max(PeakPods, pods);
    }

    private void RemoveSurplus(int surplus)
    {
        // Starting pods first (they serve nobody yet): the newest, i.e. the end of the queue.
        var keep = Math.Max(0, _starting.Count - surplus);
        surplus -= _starting.Count - keep;
        var kept = _starting.Take(keep).ToList();
        _starting.Clear();
        kept.ForEach(_starting.Enqueue);
        _idleReady -= Math.Min(_idleReady, surplus);
    }
}
