namespace LetsCode.Kubernetes.Simulator;

/// <summary>The kubeconfig that points kubectl (or any client) at a simulator.</summary>
internal static class Kubeconfig
{
    public const string ContextName = "letscode-simulator";

    // The simulator does not authenticate; the token only exists because some clients insist on a user entry.
    public static string Render(Uri server) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: {ContextName}
          cluster:
            server: {server.GetLeftPart(UriPartial.Authority)}
        users:
        - name: {ContextName}
          user:
            token: simulator
        contexts:
        - name: {ContextName}
          context:
            cluster: {ContextName}
            user: {ContextName}
            namespace: default
        current-context: {ContextName}
        """ + "\n";
}
