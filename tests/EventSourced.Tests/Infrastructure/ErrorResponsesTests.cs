using System.Net.Sockets;
using EventSourced.Api.Infrastructure;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace EventSourced.Tests.Infrastructure;

/// <summary>Issue 11, item 6: which failures mean "the store is unreachable, retry" (503) rather than a fault (500).</summary>
public class ErrorResponsesTests
{
    [Theory]
    [InlineData("08006")]
    [InlineData("08001")]
    [InlineData("57P01")]
    [InlineData("57P02")]
    [InlineData("57P03")]
    [InlineData("53300")]
    public void A_server_that_drops_or_refuses_the_connection_is_unavailable(string sqlState)
    {
        ErrorResponses.StatusFor(Postgres(sqlState)).ShouldBe(StatusCodes.Status503ServiceUnavailable);
    }

    [Theory]
    [InlineData("40001")]
    [InlineData("40P01")]
    [InlineData("22021")]
    public void A_server_error_on_a_live_connection_is_not_an_outage(string sqlState)
    {
        ErrorResponses.StatusFor(Postgres(sqlState)).ShouldBe(StatusCodes.Status500InternalServerError);
    }

    [Fact]
    public void A_refused_connect_wrapped_by_the_store_is_unavailable()
    {
        var refused = new NpgsqlException("Failed to connect to 127.0.0.1:1", new SocketException((int)SocketError.ConnectionRefused));

        ErrorResponses.StatusFor(new InvalidOperationException("Marten command failed", refused)).ShouldBe(StatusCodes.Status503ServiceUnavailable);
    }

    [Fact]
    public void A_connection_broken_mid_command_is_unavailable()
    {
        var broken = new NpgsqlException("Exception while reading from stream", new EndOfStreamException());

        ErrorResponses.StatusFor(new AggregateException(new InvalidOperationException("first"), broken)).ShouldBe(StatusCodes.Status503ServiceUnavailable);
    }

    private static PostgresException Postgres(string sqlState) => new("test", "FATAL", "FATAL", sqlState);
}
