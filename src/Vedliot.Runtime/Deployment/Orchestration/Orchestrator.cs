using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vedliot.Attestation.Enrollment;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.RequestResponse;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Runtime.Models;

namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>
/// Deploys a manifest's pipelines on the nodes that announce themselves over MQTT, and keeps them alive. It
/// coordinates named parts: the <see cref="NodeRegistry"/> (announcements, health), <see cref="Admission"/> (enroll,
/// attest, re-attest), the <see cref="PlacementController"/> (place, start, release, re-place; the pipelines' notices)
/// and the <see cref="StatusPublisher"/>. It is not on the requests' path: apps send to the first stage and the last
/// stage answers them; the orchestrator keeps placements, generations and the completion account.
/// </summary>
public sealed class Orchestrator : IAsyncDisposable
{
    private readonly MqttClient _client;
    private readonly DeployManifest _manifest;
    private readonly OrchestratorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DeploymentTopics _topics;
    private readonly NodeRegistry _registry;
    private readonly Admission _admission;
    private readonly ArtefactServer _artefacts;
    private readonly NoticeBoard _notices;
    private readonly PlacementController _placement;
    private readonly StatusSnapshot _snapshot;
    private readonly StatusPublisher _status;
    private readonly List<PipelineDeployment> _pipelines = [];
    private readonly ControlLoop _control;
    private readonly Recovery _recovery;
    private readonly Channel<MqttApplicationMessage> _fetches = Channel.CreateUnbounded<MqttApplicationMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private volatile DeploymentPhase _phase = DeploymentPhase.Starting;
    private bool _started;

    /// <summary>Creates an orchestrator for <paramref name="manifest"/>.</summary>
    /// <param name="client">A connected client (automatic reconnect recommended); not owned.</param>
    /// <param name="manifest">What to deploy.</param>
    /// <param name="platform">The platform descriptor the manifest names (its links join the nodes), or null when the manifest says <c>discover</c>.</param>
    /// <param name="planner">Profiles and places pipelines.</param>
    /// <param name="enrollments">Where node enrollments (EK/AK bindings) are kept.</param>
    /// <param name="options">Options (validated here).</param>
    /// <param name="timeProvider">Clock for timeouts, re-attestation and status.</param>
    /// <param name="logger">Logger, or null.</param>
    public Orchestrator(MqttClient client, DeployManifest manifest, Platform.Platform? platform, PipelinePlanner planner, IEnrollmentStore enrollments, OrchestratorOptions options, TimeProvider timeProvider, ILogger<Orchestrator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(planner);
        ArgumentNullException.ThrowIfNull(enrollments);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        (_client, _manifest, _options, _time, _topics) = (client, manifest, options, timeProvider, options.Topics);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        var commands = new NodeCommands(_topics, options.CommandTimeout);
        _registry = new NodeRegistry(client, _topics, timeProvider, _logger);
        _admission = new Admission(options, enrollments, commands, _registry, timeProvider, _logger);
        _admission.Revoked += OnRevoked;
        _artefacts = new ArtefactServer(client, _topics, _admission.Verifier, _logger);
        _notices = new NoticeBoard(client, _topics.Root, timeProvider, _logger);
        _placement = new PlacementController(_registry, _admission, commands, _artefacts, planner, _notices, platform, options, _logger);
        _snapshot = new StatusSnapshot(manifest.UseCase, _registry, _admission, _pipelines, timeProvider);
        _status = new StatusPublisher(client, _topics.Status(manifest.UseCase), Status, options.StatusInterval, timeProvider, _logger);
        _placement.Changed += _status.Signal;
        _control = new ControlLoop(_logger);
        _recovery = new Recovery(_pipelines, _admission, _placement, _notices, _status.Signal, _control, _logger);
    }

    /// <summary>Raised with a fresh status every <see cref="OrchestratorOptions.StatusInterval"/> and soon after each change of placement.</summary>
    public event Action<DeploymentStatus>? StatusChanged
    {
        add => _status.StatusChanged += value;
        remove => _status.StatusChanged -= value;
    }

    /// <summary>Discovers, attests, places and starts every pipeline; returns once all run. The deployment then keeps itself alive until disposed.</summary>
    /// <exception cref="VedliotException">No node announced itself, a model cannot be read, or a pipeline cannot be placed (the message says which and why).</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_started)
        {
            throw new InvalidOperationException("The orchestrator was already started.");
        }

        _started = true;
        foreach (var spec in _manifest.Pipelines)
        {
            _pipelines.Add(new PipelineDeployment((ulong)_pipelines.Count + 1, spec, LoadModel(spec)));
        }

        _client.MessageReceivedAsync += OnMessageAsync;
        _client.ConnectedAsync += OnConnectedAsync;
        await _client.SubscribeAsync(
            [
                new MqttTopicFilter { Filter = _topics.AnnouncementFilter, QualityOfService = MqttQualityOfService.AtLeastOnce },
                new MqttTopicFilter { Filter = _topics.RepliesFilter, QualityOfService = MqttQualityOfService.AtLeastOnce },
                new MqttTopicFilter { Filter = _topics.ArtefactRequestsFilter, QualityOfService = MqttQualityOfService.AtLeastOnce },
                new MqttTopicFilter { Filter = _topics.HealthFilter, QualityOfService = MqttQualityOfService.AtMostOnce },
            ],
            cancellationToken: cancellationToken).ConfigureAwait(false);
        _loops.Add(Task.Run(() => ServeArtefactsAsync(_stop.Token), CancellationToken.None));
        _status.Start(_stop.Token);

        _phase = DeploymentPhase.Discovering;
        await _registry.DiscoverAsync(_options, cancellationToken).ConfigureAwait(false);
        _phase = DeploymentPhase.Attesting;
        await Task.WhenAll(_registry.Online.Select(n => _admission.AdmitAsync(n, cancellationToken))).ConfigureAwait(false);
        _phase = DeploymentPhase.Placing;
        foreach (var pipeline in _pipelines)
        {
            await _placement.PlaceAsync(pipeline, cancellationToken).ConfigureAwait(false);
        }

        var stalled = _pipelines.Where(p => p.Active is null).ToList();
        if (stalled.Count > 0)
        {
            throw new VedliotException($"{_manifest.Source}: {string.Join("; ", stalled.Select(p => $"pipeline '{p.Spec.Name}' {p.Condition}"))}");
        }

        _phase = DeploymentPhase.Running;
        _admission.StartMonitoring();
        _control.Start(_stop.Token);
        _status.Signal();
    }

    /// <summary>The deployment as it stands.</summary>
    public DeploymentStatus Status() => _snapshot.Take(_phase);

    /// <summary>Waits (at most <paramref name="timeout"/>) until every node running a stage has reported its health since this call, so that <see cref="Status"/> shows figures that include the latest requests.</summary>
    public Task RefreshHealthAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var nodes = _pipelines.SelectMany(p => p.Active?.Plan.Stages ?? []).Select(s => s.NodeId).Distinct(StringComparer.Ordinal).ToList();
        return _registry.WaitForHealthAsync(nodes, _time.GetUtcNow(), timeout, cancellationToken);
    }

    /// <summary>Takes every stage back from its node, withdraws the pipelines' notices and publishes the final status.</summary>
    public async ValueTask DisposeAsync()
    {
        _phase = DeploymentPhase.Stopped;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _control.StopAsync().ConfigureAwait(false);
        _fetches.Writer.TryComplete();
        foreach (var loop in _loops)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _admission.DisposeAsync().ConfigureAwait(false);
        using var release = new CancellationTokenSource(TimeSpan.FromSeconds(10), _time);
        if (_client.IsConnected)
        {
            foreach (var pipeline in _pipelines)
            {
                await _placement.StopAsync(pipeline, release.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await _status.StopAsync(release.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _client.MessageReceivedAsync -= OnMessageAsync;
        _client.ConnectedAsync -= OnConnectedAsync;
        _admission.Revoked -= OnRevoked;
        _registry.Dispose();
        _stop.Dispose();
    }

    private ModelGraph LoadModel(PipelineSpec spec)
    {
        var path = spec.Model.Resolve(_manifest.Directory, _options.DependenciesDirectory);
        return File.Exists(path)
            ? ModelGraph.Load(path)
            : throw new VedliotException($"{_manifest.Source}: pipeline '{spec.Name}': model '{spec.Model.Text}' not found at {path}");
    }

    /// <summary>The receive handler: records what came and queues any reaction; never waits.</summary>
    private Task OnMessageAsync(MqttMessageReceivedEventArgs args)
    {
        var message = args.Message;
        if (MqttTopic.Matches(_topics.AnnouncementFilter, message.Topic))
        {
            if (_registry.OnAnnouncement(message) is { } change && _phase == DeploymentPhase.Running)
            {
                _recovery.OnNodeChanged(change); // start-up admits and places everyone that came
            }
        }
        else if (MqttTopic.Matches(_topics.HealthFilter, message.Topic))
        {
            if (_registry.OnHealth(message) is { } health)
            {
                Account(health);
            }
        }
        else if (MqttTopic.Matches(_topics.ArtefactRequestsFilter, message.Topic))
        {
            _fetches.Writer.TryWrite(MqttMessages.Detach(message));
        }

        return Task.CompletedTask;
    }

    private void Account(NodeHealth health)
    {
        var now = _time.GetTimestamp();
        foreach (var stage in health.Stages)
        {
            _pipelines.FirstOrDefault(p => stage.Key.StartsWith(p.Spec.Name + "/g", StringComparison.Ordinal))?.Account.Observe(stage, now, _time);
        }
    }

    private void OnRevoked(string nodeId, string detail)
    {
        if (_phase == DeploymentPhase.Running && _registry.Find(nodeId) is { } node)
        {
            _recovery.OnRevoked(node, detail);
        }
    }

    private Task OnConnectedAsync(MqttConnectionEstablished connection)
    {
        if (connection.IsReconnect && _phase == DeploymentPhase.Running)
        {
            _recovery.OnReconnected();
        }

        return Task.CompletedTask;
    }

    private async Task ServeArtefactsAsync(CancellationToken cancellationToken)
    {
        await foreach (var request in _fetches.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await _artefacts.ServeAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is MqttNotConnectedException or IOException or ArgumentException)
            {
                OrchestratorLog.BackgroundFailed(_logger, e);
            }
        }
    }
}
