namespace LetsCode.Operator.Tests.Support;

/// <summary>
/// The network side of an operator process that is SIGKILLed: after <see cref="Kill"/> nothing it sends reaches the
/// API server any more (new requests fail as a refused connection would, requests in flight are cut). Whatever the
/// process would still try on its way out, such as releasing its Lease, never arrives, as with a real crash.
/// </summary>
public sealed class KillSwitchHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly CancellationTokenSource _killed = new();
    private int _refused;

    public bool IsKilled => _killed.IsCancellationRequested;

    /// <summary>How many requests were refused after the kill (what the dead process tried to send).</summary>
    public int Refused => Volatile.Read(ref _refused);

    public void Kill() => _killed.Cancel();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (IsKilled)
        {
            Interlocked.Increment(ref _refused);
            throw new HttpRequestException($"{request.Method} {request.RequestUri?.AbsolutePath}: connection refused (the process was killed)");
        }

        using var cut = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _killed.Token);
        try
        {
            return await base.SendAsync(request, cut.Token);
        }
        catch (OperationCanceledException) when (IsKilled && !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _refused);
            throw new HttpRequestException($"{request.Method} {request.RequestUri?.AbsolutePath}: connection reset (the process was killed)");
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _killed.Dispose();
        }

        base.Dispose(disposing);
    }
}
