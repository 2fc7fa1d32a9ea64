using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Vig.Reliability.Tests.Fixtures;

/// <summary>The server's error log entries, counted by exception type, with the first message of each.</summary>
public sealed class ServerErrorLog : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, (int Count, string First)> _errors = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, (int Count, string First)> Errors => _errors;

    public ILogger CreateLogger(string categoryName) => new ErrorLogger(this);

    /// <summary>One line per kind: "count x type: first message".</summary>
    public IEnumerable<string> Summary() =>
        _errors.OrderByDescending(e => e.Value.Count).Select(e => $"{e.Value.Count} x {e.Key}: {e.Value.First}");

    public void Clear() => _errors.Clear();

    public void Dispose()
    {
    }

    private sealed class ErrorLogger(ServerErrorLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var innermost = exception;
            while (innermost?.InnerException is not null)
            {
                innermost = innermost.InnerException;
            }

            var kind = exception is null ? "(no exception)" : exception.GetType().Name + (innermost != exception ? " <- " + innermost!.GetType().Name : string.Empty);
            var message = (innermost?.Message ?? formatter(state, exception)).ReplaceLineEndings(" ");
            log._errors.AddOrUpdate(kind, _ => (1, message.Length > 200 ? message[..200] : message), (_, e) => (e.Count + 1, e.First));
        }
    }
}
