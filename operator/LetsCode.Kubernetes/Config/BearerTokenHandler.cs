using System.Net.Http.Headers;

namespace LetsCode.Kubernetes.Config;

/// <summary>Sets "Authorization: Bearer" per request from a token source (which may rotate the token).</summary>
public sealed class BearerTokenHandler(IBearerTokenSource tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
