using Vedliot.Messaging.Client;
using Vedliot.Messaging.Transport;
using Vedliot.Testing;

namespace Vedliot.Messaging.Tests.Client;

public sealed class MqttConnectTimeoutTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task A_tls_server_that_accepts_but_never_answers_is_reported_as_a_tls_handshake_timeout_naming_the_broker()
    {
        await using var server = new SilentTcpServer();
        await using var client = new MqttClient(Options(server.Port, new MqttTlsOptions { TargetHost = "localhost" }));

        var error = await Assert.ThrowsAsync<MqttConnectTimeoutException>(() => client.ConnectAsync());

        Assert.Equal(MqttConnectPhase.TlsHandshake, error.Phase);
        Assert.Contains($"127.0.0.1:{server.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("TLS handshake", error.Message, StringComparison.Ordinal);
        Assert.Contains("0.2 s", error.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task A_plain_tcp_server_that_accepts_but_never_answers_is_reported_as_a_connack_timeout_naming_the_broker()
    {
        await using var server = new SilentTcpServer();
        await using var client = new MqttClient(Options(server.Port, tls: null));

        var error = await Assert.ThrowsAsync<MqttConnectTimeoutException>(() => client.ConnectAsync());

        Assert.Equal(MqttConnectPhase.ConnAck, error.Phase);
        Assert.Contains($"127.0.0.1:{server.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("CONNACK", error.Message, StringComparison.Ordinal);
        Assert.Contains("0.2 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transport_that_never_connects_is_reported_as_a_tcp_connect_timeout()
    {
        var options = Options(1883, tls: null);
        options.Transport = new NeverConnectingTransport();
        await using var client = new MqttClient(options);

        var error = await Assert.ThrowsAsync<MqttConnectTimeoutException>(() => client.ConnectAsync());

        Assert.Equal(MqttConnectPhase.TcpConnect, error.Phase);
        Assert.Contains("127.0.0.1:1883: TCP connect", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connect_timeout_is_a_TimeoutException_so_callers_that_handle_timeouts_report_it()
    {
        await using var server = new SilentTcpServer();
        await using var client = new MqttClient(Options(server.Port, new MqttTlsOptions { TargetHost = "localhost" }));

        await Assert.ThrowsAnyAsync<TimeoutException>(() => client.ConnectAsync());
    }

    [Fact]
    public async Task A_caller_cancellation_during_the_tls_handshake_stays_a_cancellation()
    {
        await using var server = new SilentTcpServer();
        var options = Options(server.Port, new MqttTlsOptions { TargetHost = "localhost" });
        options.ConnectTimeout = TimeSpan.FromHours(1);
        await using var client = new MqttClient(options);
        using var cancel = new CancellationTokenSource(Short);

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ConnectAsync(cancel.Token));

        Assert.True(cancel.IsCancellationRequested, error.ToString());
    }

    private static MqttClientOptions Options(int port, MqttTlsOptions? tls) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        Tls = tls,
        ClientId = "timeout-test",
        ConnectTimeout = Short,
        Reconnect = new MqttReconnectOptions { Enabled = false },
    };

    /// <summary>A custom transport that reports no phases and whose connect never completes until cancelled.</summary>
    private sealed class NeverConnectingTransport : IMqttTransport
    {
        public async ValueTask<Stream> ConnectAsync(string host, int port, MqttTlsOptions? tls, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
