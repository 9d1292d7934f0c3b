using System.Text.Json;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.UseCases.Industrial.Sparkplug.Wire;

namespace Vedliot.UseCases.Industrial.Sparkplug;

/// <summary>
/// A Sparkplug B 3.0 edge node whose devices are motors. Each MQTT session carries a birth/death sequence number
/// bdSeq (0–255, one more per session, wrapping), registered as the session's will (NDEATH, QoS 1) and sent in its
/// NBIRTH [tck-id-payloads-nbirth-bdseq]. NBIRTH has seq 0; every later message of the session (DBIRTH, DDATA, DDEATH)
/// has the next seq modulo 256 [tck-id-payloads-sequence-num-incrementing]. With a primary host application, the node
/// births only when that host's STATE says online, and on STATE offline it sends NDEATH and starts a new session
/// (§5.8). NCMD <c>Node Control/Rebirth</c> = true makes it send NBIRTH and every DBIRTH again, same bdSeq.
/// </summary>
public sealed class SparkplugEdgeNode : IAsyncDisposable
{
    private readonly SparkplugEdgeNodeOptions _options;
    private readonly SparkplugTopics _topics;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, MotorReport> _last = new(StringComparer.Ordinal);
    private MqttClient? _client;
    private int _nextBdSeq;
    private int _bdSeq;
    private int _seq;
    private bool _born;
    private bool _hostOnline;

    /// <summary>Creates the node; <see cref="StartAsync"/> connects it.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public SparkplugEdgeNode(SparkplugEdgeNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _topics = new SparkplugTopics(options.GroupId, options.EdgeNodeId);
    }

    /// <summary>Whether NBIRTH of the current session has been sent (data is published only then).</summary>
    public bool IsBorn => Volatile.Read(ref _born);

    /// <summary>Opens the first session: connects with its NDEATH will, subscribes to NCMD and the host's STATE, and births unless it must wait for the host.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Publishes a motor's metrics: DDATA by alias; the first report of a device before its DBIRTH is kept for it.</summary>
    /// <returns>Whether it was published (false while the node is not born).</returns>
    public async Task<bool> PublishAsync(string device, MotorReport report, CancellationToken cancellationToken = default)
    {
        var index = IndexOf(device);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var isNew = _last.TryAdd(device, report);
            _last[device] = report;
            if (!_born)
            {
                return false;
            }

            var type = isNew ? SparkplugMessageType.DBIRTH : SparkplugMessageType.DDATA;
            await SendAsync(_topics.Device(type, device), NextSeq(), MotorMetrics.Of(report, index, isNew, Now()), cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Ends: DDEATH for every born device, then NDEATH, then a normal disconnect (so the will is not sent as well).</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await CloseSessionAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
            _gate.Dispose();
        }
    }

    private async Task OpenSessionAsync(CancellationToken cancellationToken)
    {
        _bdSeq = _nextBdSeq;
        _nextBdSeq = (_nextBdSeq + 1) % 256;
        _born = false;
        var broker = _options.Broker;
        var client = new MqttClient(new MqttClientOptions
        {
            Host = broker.Host,
            Port = broker.Port,
            Tls = broker.Tls,
            ProtocolVersion = broker.ProtocolVersion,
            ClientId = _options.ClientId ?? broker.ClientId,
            UserName = broker.UserName,
            Password = broker.Password,
            KeepAlive = broker.KeepAlive,
            TimeProvider = broker.TimeProvider,

            // Sparkplug 3.0 §7.2: a clean session, and a new session (with a new bdSeq in its will) for every connection.
            CleanStart = true,
            SessionExpiryIntervalSeconds = 0,
            Reconnect = new MqttReconnectOptions { Enabled = false },
            Will = new MqttApplicationMessage { Topic = _topics.Node(SparkplugMessageType.NDEATH), Payload = DeathPayload(), QualityOfService = MqttQualityOfService.AtLeastOnce },
        });
        client.MessageReceivedAsync += OnMessageAsync;
        _client = client;
        await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await client.SubscribeAsync(_topics.Node(SparkplugMessageType.NCMD), MqttQualityOfService.AtLeastOnce, cancellationToken).ConfigureAwait(false);
        if (_options.PrimaryHostId is { } host)
        {
            // The STATE message is retained: the subscription delivers the host's current state at once.
            await client.SubscribeAsync(SparkplugTopics.State(host), MqttQualityOfService.AtLeastOnce, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await BirthAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CloseSessionAsync(CancellationToken cancellationToken)
    {
        if (_client is not { } client)
        {
            return;
        }

        _client = null;
        if (client.IsConnected)
        {
            if (_born)
            {
                foreach (var device in _options.Devices.Where(_last.ContainsKey))
                {
                    await SendAsync(client, _topics.Device(SparkplugMessageType.DDEATH, device), NextSeq(), [], cancellationToken).ConfigureAwait(false);
                }
            }

            await client.PublishAsync(new MqttApplicationMessage { Topic = _topics.Node(SparkplugMessageType.NDEATH), Payload = DeathPayload(), QualityOfService = MqttQualityOfService.AtLeastOnce }, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        _born = false;
        client.MessageReceivedAsync -= OnMessageAsync;
        await client.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>NBIRTH with seq 0 and the session's bdSeq, then DBIRTH for every device that has reported.</summary>
    private async Task BirthAsync(CancellationToken cancellationToken)
    {
        _seq = 0;
        var now = Now();
        await SendAsync(_topics.Node(SparkplugMessageType.NBIRTH), 0,
        [
            SparkplugPayloads.Metric(SparkplugPayloads.BdSeqMetric, null, SparkplugDataType.Int64, now, _bdSeq),
            SparkplugPayloads.Metric(SparkplugPayloads.RebirthMetric, null, SparkplugDataType.Boolean, now, false),
        ], cancellationToken).ConfigureAwait(false);
        _born = true;
        foreach (var device in _options.Devices.Where(_last.ContainsKey))
        {
            await SendAsync(_topics.Device(SparkplugMessageType.DBIRTH, device), NextSeq(), MotorMetrics.Of(_last[device], IndexOf(device), birth: true, now), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task OnMessageAsync(MqttMessageReceivedEventArgs e)
    {
        var topic = e.Message.Topic;
        var rebirth = topic == _topics.Node(SparkplugMessageType.NCMD) && SparkplugPayloads.AsksForRebirth(e.Message.Payload.Span);
        var online = _options.PrimaryHostId is { } host && topic == SparkplugTopics.State(host) ? HostOnline(e.Message.Payload.Span) : null;
        if (!rebirth && online is null)
        {
            return;
        }

        // The receive loop must not wait on this client's own publishes: act on the side.
        _ = Task.Run(async () =>
        {
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                if (rebirth && _born)
                {
                    await BirthAsync(CancellationToken.None).ConfigureAwait(false);
                }
                else if (online is { } isOnline && isOnline != _hostOnline)
                {
                    _hostOnline = isOnline;
                    if (isOnline && !_born)
                    {
                        await BirthAsync(CancellationToken.None).ConfigureAwait(false);
                    }
                    else if (!isOnline && _born)
                    {
                        // §5.8: the primary host went away; end this session and wait, in a new one, for it to return.
                        await CloseSessionAsync(CancellationToken.None).ConfigureAwait(false);
                        await OpenSessionAsync(CancellationToken.None).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception ex) when (ex is MqttConnectException or MqttNotConnectedException or TimeoutException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The session is gone; the next StartAsync or host STATE begins a new one.
            }
            finally
            {
                _gate.Release();
            }
        });
    }

    /// <summary>The host's STATE payload {"online": bool, "timestamp": ms} (Sparkplug 3.0 §4.1.3); null when it is not one.</summary>
    private static bool? HostOnline(ReadOnlySpan<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload.ToArray(), new JsonDocumentOptions { MaxDepth = 4 });
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("online", out var online) && online.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? online.GetBoolean()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private byte[] DeathPayload() => SparkplugPayloads.Encode(Now(), null, [SparkplugPayloads.Metric(SparkplugPayloads.BdSeqMetric, null, SparkplugDataType.Int64, Now(), _bdSeq)]);

    private Task SendAsync(string topic, int seq, IEnumerable<Payload.Types.Metric> metrics, CancellationToken cancellationToken) =>
        SendAsync(_client ?? throw new InvalidOperationException("the edge node has no session"), topic, seq, metrics, cancellationToken);

    private async Task SendAsync(MqttClient client, string topic, int seq, IEnumerable<Payload.Types.Metric> metrics, CancellationToken cancellationToken) =>
        await client.PublishAsync(new MqttApplicationMessage { Topic = topic, Payload = SparkplugPayloads.Encode(Now(), (ulong)seq, metrics), QualityOfService = MqttQualityOfService.AtMostOnce }, cancellationToken).ConfigureAwait(false);

    private int NextSeq() => _seq = (_seq + 1) % 256;

    private ulong Now() => (ulong)_options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private int IndexOf(string device)
    {
        for (var i = 0; i < _options.Devices.Count; i++)
        {
            if (_options.Devices[i] == device)
            {
                return i;
            }
        }

        throw new ArgumentException($"device '{device}' is not one of this edge node's ({string.Join(", ", _options.Devices)})", nameof(device));
    }
}
