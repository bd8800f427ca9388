namespace LetsCode.Kubernetes.Client;

public sealed record KubernetesClientOptions
{
    /// <summary>How many times a 429 (or a 503 with Retry-After) is retried before <see cref="TooManyRequestsException"/>.</summary>
    public int MaxThrottleRetries { get; init; } = 3;

    /// <summary>Used when a 429 has no Retry-After.</summary>
    public TimeSpan DefaultRetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A server asking for longer than this is obeyed only this long per attempt.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one non-streaming request (watches and exec are not bounded by it).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public string UserAgent { get; init; } = "letscode-kubernetes/1.0";
}
