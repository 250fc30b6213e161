using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using EventSourced.Api.Modules.Models;

namespace EventSourced.IntegrationTests.Infrastructure;

/// <summary>The service with its log lines captured, scopes included.</summary>
public sealed class CapturedLogsApi : ApiFactory
{
    public ConcurrentQueue<(string Category, string Message, IReadOnlyList<object?> Scopes)> Lines { get; } = new();

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Logging:LogLevel:Default", "Information");
        builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(new CapturingProvider(Lines)));
    }

    private sealed class CapturingProvider(ConcurrentQueue<(string, string, IReadOnlyList<object?>)> lines) : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines, () => _scopes);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<(string, string, IReadOnlyList<object?>)> lines, Func<IExternalScopeProvider> scopes) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => scopes().Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var captured = new List<object?>();
                scopes().ForEachScope((scope, list) => list.Add(scope), captured);
                lines.Enqueue((category, formatter(state, exception), captured));
            }
        }
    }
}

public class LoggingTests(CapturedLogsApi api) : IClassFixture<CapturedLogsApi>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Every_log_line_of_a_request_carries_its_correlation_id_and_no_body_text()
    {
        // Given
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/models")
        {
            Content = System.Net.Http.Json.JsonContent.Create(RegisterModel.Example with { Name = "Tổ tự quản bí danh XYZ" }, options: ApiFactory.Json),
        };
        request.Headers.Add("X-Correlation-Id", "log-check-0001");

        // When
        (await _client.SendAsync(request)).EnsureSuccessStatusCode();

        // Then
        var requestLines = api.Lines.Where(l => l.Scopes.OfType<IEnumerable<KeyValuePair<string, object>>>()
            .Any(scope => scope.Any(kv => kv.Key == "CorrelationId" && Equals(kv.Value, "log-check-0001")))).ToList();
        requestLines.ShouldNotBeEmpty();
        requestLines.ShouldContain(l => l.Category.StartsWith("Microsoft.AspNetCore.Routing", StringComparison.Ordinal));
        api.Lines.ShouldNotContain(l => l.Message.Contains("bí danh XYZ", StringComparison.Ordinal));
    }
}
