namespace LetsCode.Kubernetes.Simulator;

/// <summary>Start-up settings of a <see cref="KubernetesSimulator"/>.</summary>
public sealed class SimulatorOptions
{
    /// <summary>How long the simulated kubelet keeps a scheduled pod Pending before it is Running and Ready.</summary>
    public TimeSpan PodStartDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Receives pods/exec requests. Without one, exec answers that nothing runs in a simulated pod.</summary>
    public IExecHandler? ExecHandler { get; set; }

    /// <summary>How many watch events are kept; watching from an older resourceVersion gets 410 Gone.</summary>
    public int WatchWindow { get; set; } = 1000;

    /// <summary>How often a watch with allowWatchBookmarks=true gets a BOOKMARK (the real server: about a minute).</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(1);
}
