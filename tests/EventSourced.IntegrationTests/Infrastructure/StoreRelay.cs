using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace EventSourced.IntegrationTests.Infrastructure;

/// <summary>
/// A TCP relay between the service and PostgreSQL that a test can cut and restore: the outage a database restart or a
/// lost network gives the service (refused connects, pooled connections dropped), without touching the cluster the
/// other suites share.
/// </summary>
public sealed class StoreRelay : IDisposable
{
    private readonly DnsEndPoint _target;
    private readonly ConcurrentDictionary<TcpClient, byte> _open = new();
    private TcpListener _listener;
    private CancellationTokenSource _running = new();
    private bool _disposed;

    public StoreRelay(string host, int port)
    {
        _target = new DnsEndPoint(host, port);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Accept(_listener, _running.Token);
    }

    public int Port { get; }

    /// <summary>Refuses new connections and drops the open ones.</summary>
    public void Cut()
    {
        _running.Cancel();
        _listener.Stop();
        foreach (var client in _open.Keys)
        {
            client.Dispose();
        }
        _open.Clear();
    }

    public void Restore()
    {
        _running.Dispose();
        _running = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _ = Accept(_listener, _running.Token);
    }

    private async Task Accept(TcpListener listener, CancellationToken cut)
    {
        while (!cut.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(cut);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Relay(inbound, cut);
        }
    }

    private async Task Relay(TcpClient inbound, CancellationToken cut)
    {
        var outbound = new TcpClient();
        _open[inbound] = 0;
        _open[outbound] = 0;
        try
        {
            await outbound.ConnectAsync(_target.Host, _target.Port, cut);
            var there = inbound.GetStream().CopyToAsync(outbound.GetStream(), cut);
            var back = outbound.GetStream().CopyToAsync(inbound.GetStream(), cut);
            await Task.WhenAny(there, back);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            _open.TryRemove(inbound, out _);
            _open.TryRemove(outbound, out _);
            inbound.Dispose();
            outbound.Dispose();
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Cut();
        _running.Dispose();
    }
}
