namespace LetsCode.Kubernetes.Simulator;

/// <summary>group + plural resource: what error messages name ("pods", "submissions.letscode.dev").</summary>
internal readonly record struct ResourceName(string Group, string Plural)
{
    public override string ToString() => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
}
