using LetsCode.Kubernetes.Simulator.Selection;

namespace LetsCode.Kubernetes.Simulator;

/// <summary>What a list or watch asks for: selectors, paging, the resourceVersion to start from.</summary>
internal sealed record ListQuery(LabelSelector Labels, FieldSelector Fields, int? Limit, string? Continue,
    string? ResourceVersion, bool AllowBookmarks, TimeSpan? Timeout)
{
    /// <summary>Watch-list (streaming list): sendInitialEvents=true.</summary>
    public bool? SendInitialEvents { get; init; }

    public string? ResourceVersionMatch { get; init; }

    public bool Matches(System.Text.Json.Nodes.JsonObject obj) => Labels.Matches(Meta.Labels(obj)) && Fields.Matches(obj);
}
