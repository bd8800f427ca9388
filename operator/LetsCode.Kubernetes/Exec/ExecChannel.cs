namespace LetsCode.Kubernetes.Exec;

/// <summary>The first byte of every binary frame of the channel.k8s.io WebSocket protocols.</summary>
public static class ExecChannel
{
    public const byte Stdin = 0;
    public const byte Stdout = 1;
    public const byte Stderr = 2;

    /// <summary>The "error" channel: one metav1.Status JSON with the outcome, sent just before the server closes.</summary>
    public const byte Status = 3;

    public const byte Resize = 4;

    /// <summary>v5 only: a frame [255, channel] closes that channel (for stdin: EOF for the process).</summary>
    public const byte Close = 255;

    public const string V5Protocol = "v5.channel.k8s.io";
    public const string V4Protocol = "v4.channel.k8s.io";
}
