using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace LetsCode.Operator.Tests.Support;

/// <summary>
/// A real HTTP server on loopback playing the API's internal test-suite endpoint:
/// GET /internal/problems/{problem}/tests/{sha256} answers the stored body, 404 otherwise.
/// </summary>
public sealed class TestSuiteServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, byte[]> _bodies = new();
    private readonly CancellationTokenSource _stop = new();

    public TestSuiteServer()
    {
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseAddress.ToString());
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public Uri BaseAddress { get; }

    public int Requests => _requests;

    private int _requests;

    /// <summary>Stores a suite; returns the sha256 of its body. <paramref name="servedAs"/> serves it under another hash.</summary>
    public string Add(string problem, string json, string? servedAs = null)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var sha = Convert.ToHexStringLower(SHA256.HashData(body));
        _bodies[$"/internal/problems/{problem}/tests/{servedAs ?? sha}"] = body;
        return servedAs ?? sha;
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            Interlocked.Increment(ref _requests);
            if (_bodies.TryGetValue(context.Request.Url!.AbsolutePath, out var body))
            {
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(body);
            }
            else
            {
                context.Response.StatusCode = 404;
            }

            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _stop.Dispose();
    }
}
