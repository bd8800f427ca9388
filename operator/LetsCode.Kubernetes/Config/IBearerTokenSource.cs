namespace LetsCode.Kubernetes.Config;

/// <summary>Where the bearer token for each request comes from (fixed, or a file that the kubelet rotates).</summary>
public interface IBearerTokenSource
{
    ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken);
}

public sealed class StaticTokenSource(string token) : IBearerTokenSource
{
    public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(token);
}
