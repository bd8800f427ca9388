namespace LetsCode.Kubernetes.Watch;

public sealed record ResilientWatchOptions
{
    /// <summary>Null watches all namespaces.</summary>
    public string? Namespace { get; init; }
    public string? LabelSelector { get; init; }
    public string? FieldSelector { get; init; }
    public int ListPageSize { get; init; } = 500;

    /// <summary>Each watch asks the server to end it after a random time in [min, 2*min], like client-go's reflector, so watches spread over API server replicas.</summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A watch still open this long after its timeoutSeconds has passed is presumed stalled (a connection that died
    /// silently, e.g. behind a NAT) and is restarted: the server should have ended it.
    /// </summary>
    public TimeSpan StallGrace { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
}
