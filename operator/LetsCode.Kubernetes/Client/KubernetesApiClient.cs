using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LetsCode.Kubernetes.Config;
using LetsCode.Kubernetes.Diagnostics;
using LetsCode.Kubernetes.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LetsCode.Kubernetes.Client;

/// <summary>
/// The connection to one API server: sends requests, maps error answers to typed exceptions, and retries throttled
/// requests (429, or 503 with Retry-After) a bounded number of times after the delay the server asked for. A 429
/// means the server did not process the request, so retrying is safe for every verb. Resource clients for each
/// kind come from <see cref="For{T}"/>.
/// </summary>
public sealed class KubernetesApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public KubernetesApiClient(
        KubernetesClientConfiguration configuration,
        KubernetesClientOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        KubernetesMetrics? metrics = null,
        TimeProvider? timeProvider = null)
        : this(new HttpClient(configuration.CreateHandler()), configuration, options, loggerFactory, metrics, timeProvider)
    {
        _ownsHttp = true;
    }

    /// <summary>With an HttpClient whose handler does TLS and authentication already (for IHttpClientFactory users).</summary>
    public KubernetesApiClient(
        HttpClient http,
        KubernetesClientConfiguration configuration,
        KubernetesClientOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        KubernetesMetrics? metrics = null,
        TimeProvider? timeProvider = null)
    {
        _http = http;
        // Watches and exec stream for minutes; per-request timeouts are applied by CancellationToken instead.
        _http.Timeout = Timeout.InfiniteTimeSpan;
        Configuration = configuration;
        Options = options ?? new KubernetesClientOptions();
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = LoggerFactory.CreateLogger<KubernetesApiClient>();
        Metrics = metrics ?? new KubernetesMetrics();
        _time = timeProvider ?? TimeProvider.System;
    }

    public KubernetesClientConfiguration Configuration { get; }
    public KubernetesClientOptions Options { get; }
    public ILoggerFactory LoggerFactory { get; }
    public KubernetesMetrics Metrics { get; }
    public TimeProvider TimeProvider => _time;

    public IResourceClient<T> For<T>(ResourceType<T> type)
        where T : class, IKubernetesObject => new ResourceClient<T>(this, type);

    /// <summary>The scale subresource of a kind (any kind whose API or CRD declares one).</summary>
    public IScaleClient ScaleFor(ResourceDescriptor descriptor) => new ScaleClient(this, descriptor);

    /// <summary>The HttpClient (handler with TLS and token) for callers that speak another protocol, like exec.</summary>
    internal HttpMessageInvoker Invoker => _http;

    internal Uri BuildUri(string path, IEnumerable<KeyValuePair<string, string?>>? query = null)
    {
        var builder = new StringBuilder(path);
        var separator = '?';
        foreach (var (key, value) in query ?? [])
        {
            if (value is null)
            {
                continue;
            }

            builder.Append(separator).Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return new Uri(Configuration.Server, builder.ToString());
    }

    /// <summary>Sends a request and deserializes the answer; typed exception on error.</summary>
    internal async Task<TResult> SendAsync<TResult>(
        HttpMethod method, Uri uri, ReadOnlyMemory<byte>? body, string? contentType, JsonTypeInfo<TResult> resultType,
        CancellationToken cancellationToken)
    {
        var (code, bytes) = await SendForBytesAsync(method, uri, body, contentType, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(bytes, resultType)
                ?? throw new JsonException("The server answered null.");
        }
        catch (JsonException e)
        {
            throw new KubernetesApiException(code, new Status
            {
                Outcome = "Failure",
                Reason = "InvalidResponse",
                Code = (int)code,
                Message = $"{method} {uri.AbsolutePath}: the answer is not a valid {resultType.Type.Name}: {e.Message}",
            });
        }
    }

    /// <summary>Sends a request and returns the successful answer's bytes; typed exception on error.</summary>
    internal async Task<(HttpStatusCode Code, byte[] Body)> SendForBytesAsync(
        HttpMethod method, Uri uri, ReadOnlyMemory<byte>? body, string? contentType, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.RequestTimeout);
        try
        {
            using var response = await SendWithRetriesAsync(method, uri, body, contentType, HttpCompletionOption.ResponseContentRead, timeout.Token)
                .ConfigureAwait(false);
            return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{method} {uri.AbsolutePath} took longer than {Options.RequestTimeout}.", e);
        }
    }

    /// <summary>
    /// Sends a request whose answer body the caller reads as a stream (watch). The caller disposes it. Only getting
    /// the answer's headers is bounded by <see cref="KubernetesClientOptions.RequestTimeout"/>: the body may stream
    /// for as long as the caller reads it.
    /// </summary>
    internal async Task<HttpResponseMessage> SendStreamingAsync(HttpMethod method, Uri uri, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.RequestTimeout);
        try
        {
            return await SendWithRetriesAsync(method, uri, null, null, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{method} {uri.AbsolutePath} got no answer within {Options.RequestTimeout}.", e);
        }
    }

    private async Task<HttpResponseMessage> SendWithRetriesAsync(
        HttpMethod method, Uri uri, ReadOnlyMemory<byte>? body, string? contentType, HttpCompletionOption completion,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, uri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.UserAgent.ParseAdd(Options.UserAgent);
            if (body is { } content)
            {
                request.Content = new ReadOnlyMemoryContent(content);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/json");
            }

            var response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
            Metrics.RecordRequest(method.Method, (int)response.StatusCode);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                var status = KubernetesErrors.ParseStatus(response.StatusCode, bytes);
                var retryAfter = RetryAfter(response, status);
                var throttled = response.StatusCode == HttpStatusCode.TooManyRequests
                    || (response.StatusCode == HttpStatusCode.ServiceUnavailable && retryAfter is not null);
                if (!throttled || attempt >= Options.MaxThrottleRetries)
                {
                    throw KubernetesErrors.ToException(response.StatusCode, status, retryAfter);
                }

                var delay = retryAfter ?? Options.DefaultRetryAfter;
                if (delay > Options.MaxRetryAfter)
                {
                    delay = Options.MaxRetryAfter;
                }

                Metrics.RecordThrottleRetry();
                _logger.LogDebug("{Method} {Path} throttled ({Code}); retry {Attempt} in {Delay}",
                    method, uri.AbsolutePath, (int)response.StatusCode, attempt + 1, delay);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, Status status)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return status.Details?.RetryAfterSeconds is { } seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }
}
