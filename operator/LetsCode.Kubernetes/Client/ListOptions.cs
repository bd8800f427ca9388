namespace LetsCode.Kubernetes.Client;

/// <summary>Query parameters of a list (and of the list an informer starts with).</summary>
public sealed record ListOptions
{
    /// <summary>e.g. "app=sandbox,letscode.dev/state!=claimed" (equality, inequality, set-based as the server accepts).</summary>
    public string? LabelSelector { get; init; }

    /// <summary>e.g. "status.phase=Running,metadata.name=x".</summary>
    public string? FieldSelector { get; init; }

    /// <summary>Page size; the answer's metadata.continue fetches the next page.</summary>
    public int? Limit { get; init; }

    public string? Continue { get; init; }

    /// <summary>Unset: a consistent (quorum) read. "0": any cached version, cheaper for the server.</summary>
    public string? ResourceVersion { get; init; }
}

/// <summary>Query parameters of a watch.</summary>
public sealed record WatchOptions
{
    public string? LabelSelector { get; init; }
    public string? FieldSelector { get; init; }

    /// <summary>Events after this version; unset starts with synthetic ADDED events for everything that exists.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Ask for BOOKMARK events so a resume point stays fresh while nothing changes.</summary>
    public bool AllowWatchBookmarks { get; init; } = true;

    /// <summary>The server ends the watch after this long (cleanly); the caller re-watches from the last version.</summary>
    public int? TimeoutSeconds { get; init; }
}
