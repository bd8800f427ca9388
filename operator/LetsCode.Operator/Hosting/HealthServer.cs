using System.Net;
using System.Text;
using LetsCode.Metrics;
using Microsoft.Extensions.Logging;

namespace LetsCode.Operator.Hosting;

/// <summary>
/// The probes' endpoint (<c>--health-port</c>): <c>/healthz</c> answers 200 while the process runs, <c>/readyz</c>
/// 200 once the informers have synced (a standby replica is ready too: it is warm for a hand-over), and
/// <c>/metrics</c> the Prometheus text (LetsCode.Metrics) when an exporter is given. Small on purpose:
/// HttpListener, no ASP.NET Core in the operator image.
/// </summary>
public sealed class HealthServer(int port, Func<bool> ready, PrometheusExporter? metrics, ILogger logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://*:{port}/");
        listener.Start();
        using var stop = cancellationToken.Register(listener.Stop);
        logger.LogInformation("Serving /healthz, /readyz{Metrics} on port {Port}", metrics is null ? "" : ", /metrics", port);
        while (!cancellationToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException && cancellationToken.IsCancellationRequested)
            {
                return;
            }

            var (code, body) = context.Request.Url?.AbsolutePath switch
            {
                "/healthz" => (200, "ok\n"),
                "/readyz" => ready() ? (200, "ok\n") : (503, "informers not synced\n"),
                "/metrics" when metrics is not null => (200, metrics.Collect()),
                _ => (404, "not found\n"),
            };
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = code;
            context.Response.ContentType = PrometheusExporter.ContentType;
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            context.Response.Close();
        }
    }

    /// <summary>Serves until cancelled; a port already taken is logged, not fatal (the probes will say so).</summary>
    public async Task RunQuietlyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpListenerException e)
        {
            logger.LogError(e, "Health endpoint on port {Port} failed", port);
        }
    }
}
