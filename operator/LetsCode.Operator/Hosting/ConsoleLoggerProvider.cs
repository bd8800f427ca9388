using System.Globalization;
using Microsoft.Extensions.Logging;

namespace LetsCode.Operator.Hosting;

/// <summary>
/// One line per log entry on stderr (what `kubectl logs` shows): time, level, category, message, exception.
/// Microsoft.Extensions.Logging.Console is not among the packages we can restore; this is all the operator needs.
/// </summary>
public sealed class ConsoleLoggerProvider(TextWriter output, LogLevel minimum) : ILoggerProvider
{
    private readonly Lock _gate = new();
    private readonly LogLevel _minimum = minimum;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    private sealed class Logger(ConsoleLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= provider._minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var shortCategory = category[(category.LastIndexOf('.') + 1)..];
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {logLevel.ToString().ToUpperInvariant()[..4]} {shortCategory}: {formatter(state, exception)}");
            if (exception is not null)
            {
                line += Environment.NewLine + exception;
            }

            provider.Write(line);
        }
    }
}

/// <summary>An ILoggerFactory over one <see cref="ConsoleLoggerProvider"/> (the full LoggerFactory lives in a package we do not restore).</summary>
public sealed class ConsoleLoggerFactory(TextWriter output, LogLevel minimum) : ILoggerFactory
{
    private readonly ConsoleLoggerProvider _provider = new(output, minimum);

    public ILogger CreateLogger(string categoryName) => _provider.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("one provider only");

    public void Dispose() => _provider.Dispose();
}
