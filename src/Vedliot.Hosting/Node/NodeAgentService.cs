using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Attestation.Attester;
using Vedliot.Attestation.Measurement;
using Vedliot.Hosting.Broker;
using Vedliot.Hosting.Node.Control;
using Vedliot.Hosting.Node.Modules;
using Vedliot.Hosting.Node.Stages;
using Vedliot.Hosting.Tpm;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.RequestResponse;
using Vedliot.Runtime;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Runtime.Platform;

namespace Vedliot.Hosting.Node;

/// <summary>
/// The node agent. <see cref="StartAsync"/> picks the module, opens the TPM, creates the attester (which resets the
/// measurement PCR) and measures the agent's own assembly into it, connects to the broker with a retained
/// offline announcement as its will, subscribes to the node's control topic and publishes the retained online
/// announcement. While running it carries out the orchestrator's commands one at a time (enrollment, attestation,
/// stage assignment and release), runs its stages, announces itself again after every reconnect and every change
/// of its stages, and publishes its health. <see cref="StopAsync"/> stops the stages, announces the node offline,
/// disconnects normally (so the broker drops the will) and shuts an emulated TPM down.
/// </summary>
public sealed class NodeAgentService : BackgroundService
{
    private readonly NodeAgentOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly DeploymentTopics _topics;
    private readonly StageTable _stages = new();
    private SelectedModule? _module;
    private AgentIdentity? _identity;
    private NodeTpm? _tpm;
    private NodeAttester? _attester;
    private MqttClient? _client;
    private MqttRequester? _requester;
    private BrokerPublisher? _publisher;
    private CommandHandler? _handler;
    private CommandWorker? _commands;
    private NodeAnnouncer? _announcer;
    private volatile bool _stopping;

    /// <summary>Creates the agent; nothing happens until <see cref="StartAsync"/>.</summary>
    /// <param name="options">Settings; validated at start.</param>
    /// <param name="loggers">Makes the agent's and the MQTT client's loggers.</param>
    /// <param name="timeProvider">Clock for timeouts, health reports and run times.</param>
    public NodeAgentService(NodeAgentOptions options, ILoggerFactory loggers, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _loggers = loggers;
        _logger = loggers.CreateLogger<NodeAgentService>();
        _time = timeProvider;
        _topics = new DeploymentTopics(options.TopicRoot);
    }

    /// <summary>The module this node drives (after start).</summary>
    public Module Module => (_module ?? throw new InvalidOperationException("The node agent has not started.")).Module;

    /// <summary>What the node's TPM is (after start).</summary>
    public string TpmDescription => (_tpm ?? throw new InvalidOperationException("The node agent has not started.")).Description;

    /// <summary>SHA-256 (hex) of the agent's assembly, as measured at start.</summary>
    public string AgentDigest => (_identity ?? throw new InvalidOperationException("The node agent has not started.")).Digest;

    /// <summary>Keys of the stages the node holds.</summary>
    public IReadOnlyList<string> StageKeys => _stages.Keys;

    /// <summary>Starts the node: module, TPM, attester and measurement, broker connection, subscriptions, announcement.</summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>A task that completes when the node is online.</returns>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="VedliotException">The module, the TPM or the broker cannot be used; the message says which and why.</exception>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _options.Validate();
        try
        {
            await StartNodeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ReleaseResourcesAsync().ConfigureAwait(false);
            throw;
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the node: stages, offline announcement, normal disconnect, TPM shutdown.</summary>
    /// <param name="cancellationToken">When it fires, waits for the broker are abandoned.</param>
    /// <returns>A task that completes when the node is stopped.</returns>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        NodeAgentLog.Stopping(_logger, _options.NodeId);
        _stopping = true;
        _commands?.Complete();
        _announcer?.Complete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        foreach (var stage in _stages.All)
        {
            await Step("stopping stage " + stage.Key, () => _handler!.ReleaseAsync(stage, unsubscribe: false, cancellationToken)).ConfigureAwait(false);
        }

        if (_client is { IsConnected: true } client)
        {
            await Step("announcing offline", () => client.PublishAsync(_announcer!.Message(NodeState.Offline), cancellationToken)).ConfigureAwait(false);
            // A normal DISCONNECT: the broker drops the will; a session expiry of 0 ends the session and its subscriptions now.
            await Step("disconnecting", () => client.DisconnectAsync(MqttReasonCode.Success, sessionExpiryIntervalSeconds: 0, cancellationToken)).ConfigureAwait(false);
        }

        await ReleaseResourcesAsync().ConfigureAwait(false);
        NodeAgentLog.Stopped(_logger, _options.NodeId);
    }

    /// <summary>Runs the command worker, the announcer and the health reports until the node stops.</summary>
    /// <param name="stoppingToken">Fires when the node stops.</param>
    /// <returns>A task that completes when all have ended.</returns>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll(_commands!.RunAsync(stoppingToken), _announcer!.RunAsync(_publisher!, stoppingToken), new HealthReporter(_options.NodeId, _options.HealthInterval, _stages, _topics, _time).RunAsync(_publisher!, stoppingToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task StartNodeAsync(CancellationToken cancellationToken)
    {
        _module = ModuleSelection.Select(_options.PlatformPath, _options.ModuleId, new OnnxRuntimeOptions { IntraOpThreads = _options.Threads }, _time);
        NodeAgentLog.Starting(_logger, _options.NodeId, _module.Module.Id, _module.Module.Presence, _module.Backend);
        _identity = await AgentIdentity.OfThisAgentAsync(cancellationToken).ConfigureAwait(false);

        Directory.CreateDirectory(_options.StateDirectory);
        _tpm = await NodeTpm.OpenAsync(_options.Tpm, Path.Combine(_options.StateDirectory, "tpm"), _options.TpmCaFiles, cancellationToken).ConfigureAwait(false);
        NodeAgentLog.TpmOpened(_logger, _tpm.Description);

        // Creating the attester resets the measurement PCR and starts an empty log, so after every restart the
        // log replays to the PCR's value; the agent is the log's first event.
        var attesterOptions = new AttesterOptions { NodeId = _options.NodeId, AttestationKeyPath = Path.Combine(_options.StateDirectory, "ak.blob") };
        _attester = await NodeAttester.CreateAsync(_tpm.Client, attesterOptions, cancellationToken).ConfigureAwait(false);
        var measured = await _attester.MeasureAsync(ArtefactType.NodeAgent, _identity.Name, _identity.Content, cancellationToken).ConfigureAwait(false);
        NodeAgentLog.AgentMeasured(_logger, attesterOptions.MeasurementPcr, _identity.Name, _identity.Version, measured.Sequence, _identity.Digest);
        if (_options.TpmCaFiles.Count > 0)
        {
            await EndorsementSelfCheck.RunAsync(_attester, _tpm.EndorsementCas, _time, cancellationToken).ConfigureAwait(false);
            NodeAgentLog.EndorsementChecked(_logger, _tpm.EndorsementCas.Count);
        }

        _announcer = new NodeAnnouncer(_options.NodeId, _module.Module, _identity, _tpm.Description, _stages, _topics, _logger);
        var clientOptions = ClientOptions();
        _client = new MqttClient(clientOptions);
        _publisher = new BrokerPublisher(_client);
        _requester = new MqttRequester(_client, _topics.Artefacts(_options.NodeId), _time);
        _handler = new CommandHandler(_attester, _module, _stages, new ArtefactFetcher(_requester, _topics, _options.NodeId, _options.ArtefactTimeout), _client, _publisher, _options, _time, _logger);
        _commands = new CommandWorker(_handler, _stages, _publisher, _announcer, _logger);
        _client.MessageReceivedAsync += OnMessageAsync;
        _client.ConnectedAsync += OnConnectedAsync;
        _client.DisconnectedAsync += OnDisconnectedAsync;
        await BrokerConnection.ConnectAsync(_client, clientOptions, cancellationToken).ConfigureAwait(false);

        // Subscribe before announcing, so that an orchestrator that sees the announcement can command at once.
        await SubscribeAsync(_topics.Control(_options.NodeId), cancellationToken).ConfigureAwait(false);
        await SubscribeAsync(_requester.ResponseTopic, cancellationToken).ConfigureAwait(false);
        await _announcer.AnnounceAsync(_publisher, cancellationToken).ConfigureAwait(false);
    }

    private MqttClientOptions ClientOptions()
    {
        var options = _options.Broker.CreateClientOptions("vedliot-node-" + _options.NodeId, _time);
        options.Transport = _options.Transport;
        options.CleanStart = true;
        options.SessionExpiryIntervalSeconds = (uint)_options.SessionExpiry.TotalSeconds;
        options.Will = _announcer!.Message(NodeState.Offline);
        options.PooledReceiveBuffers = true; // tensors stream in; every handler here detaches what it keeps
        options.Logger = _loggers.CreateLogger("Vedliot.Messaging");
        return options;
    }

    private async Task SubscribeAsync(string topic, CancellationToken cancellationToken)
    {
        var subAck = await _client!.SubscribeAsync(topic, MqttQualityOfService.AtLeastOnce, cancellationToken).ConfigureAwait(false);
        if (subAck.ReasonCodes.Any(c => (byte)c >= 0x80))
        {
            throw new VedliotException($"broker {_options.Broker.Address}: subscription to '{topic}' refused ({string.Join(", ", subAck.ReasonCodes)}); does the broker's ACL let node '{_options.NodeId}' use {_topics.Root}/nodes/{_options.NodeId}/#?");
        }
    }

    /// <summary>
    /// The receive handler: runs on the client's dispatch loop, before the message is acknowledged, so it never
    /// waits for a reply. Commands go to the command worker; stage inputs to their stage's queue (waiting only while
    /// that queue is full, which holds back the broker); a topic read by several stages feeds each of them.
    /// </summary>
    private async Task OnMessageAsync(MqttMessageReceivedEventArgs args)
    {
        var message = args.Message;
        if (message.Topic == _topics.Control(_options.NodeId))
        {
            _commands!.Enqueue(MqttMessages.Detach(message));
        }
        else if (_stages.TryRoute(message.Topic, out var stages))
        {
            // One detached copy serves them all: stages only read it.
            var detached = MqttMessages.Detach(message);
            foreach (var stage in stages)
            {
                await stage.EnqueueAsync(detached).ConfigureAwait(false);
            }
        }
        else if (message.Topic != _requester?.ResponseTopic)
        {
            NodeAgentLog.Unrouted(_logger, message.Topic);
        }
    }

    private Task OnConnectedAsync(MqttConnectionEstablished connection)
    {
        NodeAgentLog.Connected(_logger, _options.Broker.Address, connection.IsReconnect, connection.ConnAck.SessionPresent);
        if (connection.IsReconnect)
        {
            // The broker may have published the will meanwhile (or lost its retained messages in a restart): say again
            // that the node is online, from the announcer (this handler runs while the client holds its connect lock).
            _announcer?.Request();
        }

        return Task.CompletedTask;
    }

    private Task OnDisconnectedAsync(MqttConnectionClosed closed)
    {
        if (!closed.ClientInitiated && !_stopping)
        {
            NodeAgentLog.ConnectionLost(_logger, closed.ReasonString ?? closed.ReasonCode.ToString(), closed.WillReconnect);
        }

        return Task.CompletedTask;
    }

    private async Task Step(string step, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or MqttNotConnectedException or IOException or ObjectDisposedException)
        {
            NodeAgentLog.ShutdownStepFailed(_logger, step, e.Message);
        }
    }

    private async Task ReleaseResourcesAsync()
    {
        foreach (var stage in _stages.All)
        {
            _stages.Remove(stage);
            await stage.DisposeAsync().ConfigureAwait(false);
        }

        _requester?.Dispose();
        if (_client is not null)
        {
            _client.MessageReceivedAsync -= OnMessageAsync;
            await _client.DisposeAsync().ConfigureAwait(false);
        }

        if (_attester is not null)
        {
            await _attester.DisposeAsync().ConfigureAwait(false);
        }

        if (_tpm is not null)
        {
            await _tpm.DisposeAsync().ConfigureAwait(false);
        }

        (_requester, _client, _attester, _tpm) = (null, null, null, null);
    }
}
