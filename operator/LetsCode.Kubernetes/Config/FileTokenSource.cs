namespace LetsCode.Kubernetes.Config;

/// <summary>
/// A token read from a file and re-read when older than <see cref="RefreshInterval"/>: projected service account
/// tokens are rotated by the kubelet (hourly by default), so a token read once at start-up eventually expires.
/// client-go re-reads every minute; so do we.
/// </summary>
public sealed class FileTokenSource : IBearerTokenSource
{
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private string? _token;
    private DateTimeOffset _readAt;

    public FileTokenSource(string path, TimeProvider? timeProvider = null, TimeSpan? refreshInterval = null)
    {
        _path = path;
        _time = timeProvider ?? TimeProvider.System;
        RefreshInterval = refreshInterval ?? TimeSpan.FromMinutes(1);
    }

    public TimeSpan RefreshInterval { get; }

    public async ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_token is not null && now - _readAt < RefreshInterval)
            {
                return _token;
            }
        }

        string token;
        try
        {
            token = (await File.ReadAllTextAsync(_path, cancellationToken).ConfigureAwait(false)).Trim();
        }
        catch (IOException) when (_token is not null)
        {
            // Mid-rotation the file can be briefly missing: keep using the last token until the next attempt.
            return _token;
        }

        lock (_gate)
        {
            _token = token;
            _readAt = now;
        }

        return token;
    }
}
