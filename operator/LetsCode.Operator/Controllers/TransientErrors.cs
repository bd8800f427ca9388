using System.Net;
using LetsCode.Kubernetes.Client;

namespace LetsCode.Operator.Controllers;

/// <summary>Errors where the API server (or the way to it) failed, not the request: worth retrying the same call.</summary>
public static class TransientErrors
{
    public static bool IsTransient(Exception e) => e switch
    {
        TooManyRequestsException => true,
        KubernetesApiException api => (int)api.StatusCode >= 500 || api.StatusCode == HttpStatusCode.TooManyRequests,
        HttpRequestException or TimeoutException or IOException => true,
        _ => false,
    };

    /// <summary>Runs <paramref name="action"/>, retrying transient failures a few times with a short growing delay.</summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> action, TimeProvider time, CancellationToken cancellationToken, int attempts = 5)
    {
        for (var i = 1; ; i++)
        {
            try
            {
                return await action().ConfigureAwait(false);
            }
            catch (Exception e) when (i < attempts && IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * (1 << i)), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
