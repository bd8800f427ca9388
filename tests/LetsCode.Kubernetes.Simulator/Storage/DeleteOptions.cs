namespace LetsCode.Kubernetes.Simulator;

/// <summary>meta/v1 DeleteOptions, from the request body or query.</summary>
internal sealed record DeleteOptions(string? PropagationPolicy, string? PreconditionUid, string? PreconditionResourceVersion,
    long? GracePeriodSeconds);
