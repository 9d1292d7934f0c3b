using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vedliot.Attestation.Enrollment;
using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Policy;
using Vedliot.Attestation.Verifier;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.RequestResponse;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Platform;

namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>
/// Deploys a manifest's pipelines on the nodes that announce themselves over MQTT: enrolls and attests
/// every node, places each pipeline on the attested ones, ships each stage's partition to its node (only
/// after the node is attested, and checks the node's measurement of it), then runs the pipelines'
/// gateways. It keeps the deployment alive: a node whose will message arrives, that restarts without its
/// stages or that fails re-attestation loses its stages, which are re-placed on the remaining attested
/// nodes, and the requests in flight are sent again.
/// </summary>
public sealed class Orchestrator : IAsyncDisposable
{
    private readonly MqttClient _client;
    private readonly DeployManifest _manifest;
    private readonly Platform.Platform? _platform;
    private readonly PipelinePlanner _planner;
    private readonly OrchestratorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DeploymentTopics _topics;
    private readonly EnrollmentVerifier _enrollment;
    private readonly AttestationVerifier _verifier;
    private readonly NodeCommands _commands;
    private readonly ArtefactServer _artefacts;
    private readonly ReattestationMonitor _monitor;
    private readonly ConcurrentDictionary<string, NodeRecord> _nodes = new(StringComparer.Ordinal);
    private readonly List<PipelineDeployment> _pipelines = [];
    private readonly Channel<Func<CancellationToken, Task>> _control = Channel.CreateUnbounded<Func<CancellationToken, Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<MqttApplicationMessage> _fetches = Channel.CreateUnbounded<MqttApplicationMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, byte> _partitionDigests = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private volatile string _phase = "starting";
    private bool _started;

    /// <summary>Creates an orchestrator for <paramref name="manifest"/>.</summary>
    /// <param name="client">A connected client (automatic reconnect recommended); not owned.</param>
    /// <param name="manifest">What to deploy.</param>
    /// <param name="platform">The platform descriptor the manifest names (its links join the nodes), or null when the manifest says <c>discover</c>.</param>
    /// <param name="planner">Profiles and places pipelines.</param>
    /// <param name="enrollments">Where node enrollments (EK/AK bindings) are kept.</param>
    /// <param name="options">Options (validated when starting).</param>
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
        _client = client;
        _manifest = manifest;
        _platform = platform;
        _planner = planner;
        _options = options;
        _time = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _topics = options.Topics;
        _enrollment = new EnrollmentVerifier(options.Enrollment, enrollments, timeProvider);
        _verifier = new AttestationVerifier(enrollments, BuildPolicy(), new AttestationVerifierOptions(), timeProvider);
        _verifier.TrustChanged += OnTrustChanged;
        _commands = new NodeCommands(_topics, options.CommandTimeout);
        _artefacts = new ArtefactServer(client, _topics, _verifier, _logger);
        _monitor = new ReattestationMonitor(_verifier, new MqttAttestationChannel(id => _nodes.GetValueOrDefault(id), _commands), new ReattestationOptions { Interval = options.ReattestationInterval, ResponseTimeout = options.ReattestationInterval / 2 }, timeProvider);
    }

    /// <summary>Raised with a fresh status every <see cref="OrchestratorOptions.StatusInterval"/> and after each change of placement.</summary>
    public event Action<DeploymentStatus>? StatusChanged;

    /// <summary>
    /// Discovers, attests, places and starts every pipeline; returns once all run. The deployment then
    /// keeps itself alive until disposed.
    /// </summary>
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
            var graph = LoadModel(spec);
            var gateway = new PipelineGateway(_client, spec, (ulong)(_pipelines.Count + 1), [.. graph.Inputs.Select(t => t.Name)], _options, _time, _logger);
            _pipelines.Add(new PipelineDeployment(spec, graph, gateway));
        }

        _client.MessageReceivedAsync += OnMessageAsync;
        _client.ConnectedAsync += OnConnectedAsync;
        await _client.SubscribeAsync(
            [
                new MqttTopicFilter { Filter = _topics.AnnouncementFilter, QualityOfService = MqttQualityOfService.AtLeastOnce },
                new MqttTopicFilter { Filter = _topics.RepliesFilter, QualityOfService = MqttQualityOfService.AtLeastOnce },
                new MqttTopicFilter { Filter = _topics.ArtefactRequestsFilter, QualityOfService = MqttQualityOfService.AtLeastOnce },
                new MqttTopicFilter { Filter = _topics.HealthFilter, QualityOfService = MqttQualityOfService.AtMostOnce },
                new MqttTopicFilter { Filter = _topics.ResultsFilter, QualityOfService = MqttQualityOfService.AtLeastOnce },
                .. _pipelines.Select(p => p.Spec.InputTopic).Distinct(StringComparer.Ordinal).Select(t => new MqttTopicFilter { Filter = t, QualityOfService = MqttQualityOfService.AtLeastOnce }),
            ],
            cancellationToken: cancellationToken).ConfigureAwait(false);
        _loops.Add(Task.Run(() => ServeArtefactsAsync(_stop.Token), CancellationToken.None));
        _loops.Add(Task.Run(() => ReportStatusAsync(_stop.Token), CancellationToken.None));

        _phase = "discovering";
        await DiscoverAsync(cancellationToken).ConfigureAwait(false);
        _phase = "attesting";
        await Task.WhenAll(_nodes.Values.Where(n => n.IsOnline).Select(n => AdmitAsync(n, cancellationToken))).ConfigureAwait(false);
        _phase = "placing";
        foreach (var pipeline in _pipelines)
        {
            pipeline.Gateway.Start();
            await PlaceAsync(pipeline, cancellationToken).ConfigureAwait(false);
        }

        var stalled = _pipelines.Where(p => p.Current is null).ToList();
        if (stalled.Count > 0)
        {
            throw new VedliotException($"{_manifest.Source}: {string.Join("; ", stalled.Select(p => $"pipeline '{p.Spec.Name}' {p.State}"))}");
        }

        _phase = "running";
        _monitor.Start();
        _loops.Add(Task.Run(() => RunControlAsync(_stop.Token), CancellationToken.None));
        PublishStatus();
    }

    /// <summary>The deployment as it stands.</summary>
    public DeploymentStatus Status()
    {
        var nodes = _nodes.Values.OrderBy(n => n.NodeId, StringComparer.Ordinal).Select(n =>
        {
            var module = n.Announcement?.Module;
            var latest = _verifier.GetLatestResults().FirstOrDefault(r => r.NodeId == n.NodeId);
            return new NodeStatus(n.NodeId, module?.Id ?? "?", module?.Kind ?? ModuleKind.Cpu, module?.Presence ?? Presence.Emulated, n.Announcement?.State ?? NodeState.Offline, n.Trust(_verifier), latest is { Trusted: false } ? latest.Detail : string.Empty);
        }).ToList();
        var pipelines = _pipelines.Select(p =>
        {
            var counters = p.Gateway.Counters();
            var generation = p.Gateway.Generation ?? 0;
            var stages = p.Current?.Stages.Select((s, i) =>
            {
                var node = _nodes.GetValueOrDefault(s.NodeId);
                var key = p.StageKey(generation, i);
                return new StageStatus(
                    i,
                    s.NodeId,
                    node?.Announcement?.Module?.Id ?? s.NodeId,
                    node?.Announcement?.Module?.Presence ?? Presence.Emulated,
                    node?.Trust(_verifier) ?? TrustState.Unknown,
                    $"{s.Placement.FirstOperation}–{s.Placement.EndOperation}",
                    s.Placement.LatencyMs,
                    node?.Health?.Stages.FirstOrDefault(m => m.Key == key));
            }).ToList() ?? [];
            return new PipelineStatus(p.Spec.Name, generation, p.State == "running" ? PlacementObjectiveName(p) : p.State, stages, counters.Accepted, counters.Completed, counters.Failed, counters.InFlight, counters.Resent, counters.ThroughputPerSecond, counters.LatencyP50Ms, counters.LatencyP95Ms);
        }).ToList();
        return new DeploymentStatus(_manifest.UseCase, _time.GetUtcNow(), _phase, nodes, pipelines);
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) until every node running a stage has reported its health since this call, so that <see cref="Status"/> shows figures that include the latest requests.</summary>
    public async Task RefreshHealthAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var since = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        var nodes = _pipelines.SelectMany(p => p.Current?.Stages ?? []).Select(s => s.NodeId).Distinct(StringComparer.Ordinal).ToList();
        while (_time.GetElapsedTime(started) < timeout
            && nodes.Any(n => _nodes.GetValueOrDefault(n) is { IsOnline: true } node && !(node.Health?.Time >= since)))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the pipelines, takes every stage back from its node, and publishes the final status.</summary>
    public async ValueTask DisposeAsync()
    {
        _phase = "stopped";
        await _stop.CancelAsync().ConfigureAwait(false);
        _control.Writer.TryComplete();
        _fetches.Writer.TryComplete();
        await _monitor.DisposeAsync().ConfigureAwait(false);
        foreach (var loop in _loops)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        using var release = new CancellationTokenSource(TimeSpan.FromSeconds(10), _time);
        foreach (var pipeline in _pipelines)
        {
            await pipeline.Gateway.DisposeAsync().ConfigureAwait(false);
            if (pipeline.Current is { } current && pipeline.Gateway.Generation is { } generation)
            {
                await ReleaseAsync(pipeline, current, generation, release.Token).ConfigureAwait(false);
            }
        }

        if (_client.IsConnected)
        {
            await TryAsync(() => _client.PublishAsync(DeploymentMessages.Create(_topics.Status(_manifest.UseCase), ProtocolContentTypes.Status, Status(), retain: true), release.Token)).ConfigureAwait(false);
        }

        _client.MessageReceivedAsync -= OnMessageAsync;
        _client.ConnectedAsync -= OnConnectedAsync;
        _verifier.TrustChanged -= OnTrustChanged;
        foreach (var node in _nodes.Values)
        {
            node.Dispose();
        }

        _verifier.Dispose();
        _stop.Dispose();
    }

    private static string PlacementObjectiveName(PipelineDeployment pipeline) =>
        Placement.PlacementVocabulary.Objectives.First(o => o.Value == pipeline.Spec.Objective).Key;

    private ModelGraph LoadModel(PipelineSpec spec)
    {
        var path = spec.Model.Resolve(_manifest.Directory, _options.DependenciesDirectory);
        if (!File.Exists(path))
        {
            throw new VedliotException($"{_manifest.Source}: pipeline '{spec.Name}': model '{spec.Model.Text}' not found at {path}");
        }

        return ModelGraph.Load(path);
    }

    private async Task DiscoverAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var lastCount = 0;
        var lastChange = started;
        while (true)
        {
            var online = _nodes.Values.Where(n => n.IsOnline).Select(n => n.NodeId).ToHashSet(StringComparer.Ordinal);
            var now = _time.GetTimestamp();
            if (online.Count != lastCount)
            {
                (lastCount, lastChange) = (online.Count, now);
            }

            var complete = _options.ExpectedNodes.Count > 0
                ? _options.ExpectedNodes.IsSubsetOf(online)
                : online.Count > 0 && _time.GetElapsedTime(lastChange, now) >= _options.DiscoveryQuietPeriod;
            if (complete)
            {
                return;
            }

            if (_time.GetElapsedTime(started, now) >= _options.DiscoveryTimeout)
            {
                if (online.Count == 0)
                {
                    throw new VedliotException($"no node announced itself on '{_topics.AnnouncementFilter}' within {_options.DiscoveryTimeout.TotalSeconds:0} s; start node agents pointing at this broker");
                }

                return; // place on the nodes that came; the status lists the missing ones
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Enrolls the node's TPM and attests it; only an admitted, trusted node is ever given a stage.</summary>
    private async Task AdmitAsync(NodeRecord node, CancellationToken cancellationToken)
    {
        try
        {
            var enrolled = await _commands.EnrollAsync(node, _enrollment, cancellationToken).ConfigureAwait(false);
            if (!enrolled.Succeeded)
            {
                _verifier.MarkUntrusted(node.NodeId, AttestationFailure.NotEnrolled, $"enrollment refused ({enrolled.Failure}): {enrolled.Detail}");
                return;
            }

            var result = await _commands.AttestAsync(node, _verifier, cancellationToken).ConfigureAwait(false);
            if (result.Trusted)
            {
                node.Admitted = true;
                _monitor.Watch(node.NodeId);
                OrchestratorLog.NodeAttested(_logger, node.NodeId, result.Detail);
            }
        }
        catch (Exception e) when (e is TimeoutException or VedliotException or MqttRequestException or Attestation.Verifier.AttestationMessageFormatException)
        {
            _verifier.MarkUntrusted(node.NodeId, AttestationFailure.NoResponse, e.Message);
        }
    }

    /// <summary>
    /// Places the pipeline on the attested online nodes and starts the new placement; the previous one (if
    /// any) is released. A node that fails to take its stage is left out and the placement tried again.
    /// </summary>
    private async Task<bool> PlaceAsync(PipelineDeployment pipeline, CancellationToken cancellationToken)
    {
        pipeline.State = "placing";
        var previous = pipeline.Current;
        var previousGeneration = pipeline.Gateway.Generation;
        if (previous is not null)
        {
            pipeline.Gateway.Suspend();
        }

        var leftOut = new HashSet<string>(StringComparer.Ordinal);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var inventory = TrustedInventory(leftOut);
            if (inventory.Modules.Count == 0)
            {
                pipeline.State = "stalled: no attested node is online";
                break;
            }

            PlannedPipeline planned;
            try
            {
                planned = await Task.Run(() => _planner.PlanAsync(pipeline.Spec, pipeline.Graph, inventory, _ => true, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch (VedliotException e)
            {
                pipeline.State = "stalled: " + e.Message;
                break;
            }

            var generation = ++pipeline.Generation;
            foreach (var stage in planned.Stages)
            {
                _partitionDigests.TryAdd(stage.Digest, 0);
            }

            _verifier.ReplacePolicy(BuildPolicy());
            var failedNode = await StartStagesAsync(pipeline, planned, generation, cancellationToken).ConfigureAwait(false);
            if (failedNode is null)
            {
                pipeline.Current = planned;
                pipeline.State = "running";
                await pipeline.Gateway.RouteAsync(generation, _topics.StageInput(pipeline.Spec.Name, generation, 0), _topics.Results(pipeline.Spec.Name, generation), cancellationToken).ConfigureAwait(false);
                OrchestratorLog.Placed(_logger, pipeline.Spec.Name, generation, planned);
                if (previous is not null && previousGeneration is { } old)
                {
                    await ReleaseAsync(pipeline, previous, old, cancellationToken).ConfigureAwait(false);
                }

                PublishStatus();
                return true;
            }

            leftOut.Add(failedNode.Value.NodeId);
            pipeline.State = $"stalled: node '{failedNode.Value.NodeId}' could not take its stage: {failedNode.Value.Reason}";
        }

        OrchestratorLog.PlacementFailed(_logger, pipeline.Spec.Name, pipeline.State);
        PublishStatus();
        return false;
    }

    /// <summary>Assigns every stage of a placement; on the first failure releases what was assigned and names the node.</summary>
    private async Task<(string NodeId, string Reason)?> StartStagesAsync(PipelineDeployment pipeline, PlannedPipeline planned, int generation, CancellationToken cancellationToken)
    {
        var count = planned.Stages.Count;
        for (var i = 0; i < count; i++)
        {
            var stage = planned.Stages[i];
            var key = pipeline.StageKey(generation, i);
            var node = _nodes[stage.NodeId];
            var assignment = new StageAssignment(
                key,
                pipeline.Spec.Name,
                pipeline.Gateway.PipelineId,
                generation,
                i,
                $"{pipeline.Spec.Name}.g{generation}.s{i}.onnx",
                stage.Digest,
                stage.Artefact.LongLength,
                i == 0 ? pipeline.Spec.InputTopic : _topics.StageInput(pipeline.Spec.Name, generation, i),
                i + 1 < count ? _topics.StageInput(pipeline.Spec.Name, generation, i + 1) : null,
                pipeline.Spec.OutputTopic,
                [.. stage.Partition.Inputs.Select(t => t.Name)],
                [.. stage.Partition.Outputs.Select(t => t.Name)]);
            _artefacts.Offer(key, stage);
            string? failure;
            try
            {
                var loaded = await _commands.AssignAsync(node, assignment, cancellationToken).ConfigureAwait(false);
                var verdict = await _commands.AttestAsync(node, _verifier, cancellationToken).ConfigureAwait(false);
                failure = !string.Equals(loaded.MeasuredDigest, stage.Digest, StringComparison.OrdinalIgnoreCase)
                    ? $"it measured {loaded.MeasuredDigest}, not the partition's {stage.Digest}"
                    : verdict.Trusted ? null : $"attestation after loading failed: {verdict.Detail}";
            }
            catch (Exception e) when (e is TimeoutException or VedliotException or MqttRequestException or AttestationMessageFormatException)
            {
                failure = e.Message;
            }

            if (failure is not null)
            {
                await ReleaseAsync(pipeline, planned with { Stages = planned.Stages.Take(i + 1).ToList() }, generation, cancellationToken).ConfigureAwait(false);
                return (stage.NodeId, failure);
            }
        }

        return null;
    }

    private async Task ReleaseAsync(PipelineDeployment pipeline, PlannedPipeline placement, int generation, CancellationToken cancellationToken)
    {
        for (var i = 0; i < placement.Stages.Count; i++)
        {
            var nodeId = placement.Stages[i].NodeId;
            var key = pipeline.StageKey(generation, i);
            _artefacts.Withdraw(nodeId, key);
            if (_nodes.GetValueOrDefault(nodeId) is { IsOnline: true } node)
            {
                try
                {
                    await _commands.ReleaseAsync(node, key, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is TimeoutException or VedliotException or MqttRequestException or OperationCanceledException)
                {
                    OrchestratorLog.ReleaseFailed(_logger, key, nodeId, e.Message);
                }
            }
        }
    }

    private Inventory TrustedInventory(HashSet<string> leftOut)
    {
        var nodes = _nodes.Values
            .Where(n => n.IsOnline && n.Admitted && n.Trust(_verifier) == TrustState.Trusted && !leftOut.Contains(n.NodeId))
            .OrderBy(n => n.NodeId, StringComparer.Ordinal)
            .ToList();
        var modules = nodes.Select(n => n.Announcement!.Module! with { Id = n.NodeId }).ToList();
        var links = new List<Link>();
        for (var a = 0; a < nodes.Count; a++)
        {
            for (var b = a + 1; b < nodes.Count; b++)
            {
                var (first, second) = (nodes[a].Announcement!.Module!.Id, nodes[b].Announcement!.Module!.Id);
                var link = _platform?.Links.FirstOrDefault(l => l.Joins(first, second)) ?? _options.DefaultLink;
                links.Add(link with { From = nodes[a].NodeId, To = nodes[b].NodeId });
            }
        }

        return new Inventory(modules, links);
    }

    private AttestationPolicy BuildPolicy()
    {
        var builder = new AttestationPolicyBuilder();
        foreach (var digest in _options.AllowedAgentDigests)
        {
            builder.Allow(ArtefactType.NodeAgent, Convert.FromHexString(digest));
        }

        foreach (var digest in _partitionDigests.Keys)
        {
            builder.Allow(ArtefactType.ModelPartition, Convert.FromHexString(digest));
        }

        return builder.Build();
    }

    private Task OnMessageAsync(MqttMessageReceivedEventArgs args)
    {
        var message = args.Message;
        var topic = message.Topic;
        if (MqttTopic.Matches(_topics.AnnouncementFilter, topic))
        {
            OnAnnouncement(message);
        }
        else if (MqttTopic.Matches(_topics.HealthFilter, topic))
        {
            if (_topics.NodeOf(topic) is { } id && _nodes.TryGetValue(id, out var node))
            {
                TryRun(() => node.Health = DeploymentMessages.Read<NodeHealth>(message, ProtocolContentTypes.Health));
            }
        }
        else if (MqttTopic.Matches(_topics.ArtefactRequestsFilter, topic))
        {
            _fetches.Writer.TryWrite(MqttMessages.Detach(message));
        }
        else if (MqttTopic.Matches(_topics.ResultsFilter, topic))
        {
            var pipeline = _pipelines.FirstOrDefault(p => p.Gateway.ResultsTopic == topic);
            return pipeline?.Gateway.OnResultAsync(message, _stop.Token) ?? Task.CompletedTask;
        }
        else
        {
            foreach (var pipeline in _pipelines.Where(p => p.Spec.InputTopic == topic))
            {
                pipeline.Gateway.Accept(message);
            }
        }

        return Task.CompletedTask;
    }

    private void OnAnnouncement(MqttApplicationMessage message)
    {
        var nodeId = _topics.NodeOf(message.Topic);
        if (nodeId is null || message.Payload.IsEmpty)
        {
            return; // a cleared retained announcement
        }

        NodeAnnouncement announcement;
        try
        {
            announcement = DeploymentMessages.Read<NodeAnnouncement>(message, ProtocolContentTypes.Announcement);
        }
        catch (DeploymentProtocolException e)
        {
            OrchestratorLog.NodeUntrusted(_logger, nodeId, e.Message);
            return;
        }

        if (announcement.NodeId != nodeId)
        {
            OrchestratorLog.NodeUntrusted(_logger, nodeId, $"announced itself as '{announcement.NodeId}'");
            return;
        }

        var node = _nodes.GetOrAdd(nodeId, id => new NodeRecord(id, new MqttRequester(_client, _topics.Replies(id), _time)));
        var wasOnline = node.IsOnline;
        node.Announcement = announcement;
        if (!node.IsOnline)
        {
            if (wasOnline)
            {
                OrchestratorLog.NodeOffline(_logger, nodeId);
                Enqueue(ct => LoseNodeAsync(node, "its will message arrived (connection lost)", ct));
            }

            return;
        }

        if (!wasOnline)
        {
            OrchestratorLog.NodeOnline(_logger, nodeId, announcement.Module!.Id, announcement.Module.Presence);
        }

        // A node that restarted lost its stages (and its TPM measurements): take it in again from scratch.
        var missing = _pipelines.Where(p => p.Current is not null && p.Gateway.Generation is { } g
            && p.Current.Stages.Select((s, i) => (s, i)).Any(x => x.s.NodeId == nodeId && !announcement.Stages.Contains(p.StageKey(g, x.i))));
        if (_phase == "running" && missing.Any())
        {
            Enqueue(ct => LoseNodeAsync(node, "it restarted without its stages", ct));
        }
        else if (_phase == "running" && !wasOnline && !node.Admitted)
        {
            Enqueue(ct => ReadmitAsync(node, ct));
        }
    }

    private void OnTrustChanged(object? sender, TrustChangedEventArgs e)
    {
        if (e.Current == TrustState.Untrusted)
        {
            OrchestratorLog.NodeUntrusted(_logger, e.NodeId, e.Result.Detail);
        }

        if (e.IsRevocation && _phase == "running" && _nodes.TryGetValue(e.NodeId, out var node))
        {
            Enqueue(ct => LoseNodeAsync(node, $"it failed re-attestation: {e.Result.Detail}", ct));
        }
    }

    private async Task LoseNodeAsync(NodeRecord node, string reason, CancellationToken cancellationToken)
    {
        node.Admitted = false;
        _monitor.Unwatch(node.NodeId);
        foreach (var pipeline in _pipelines.Where(p => p.Uses(node.NodeId)))
        {
            OrchestratorLog.Replacing(_logger, pipeline.Spec.Name, $"node '{node.NodeId}' is lost: {reason}");
            await PlaceAsync(pipeline, cancellationToken).ConfigureAwait(false);
        }

        if (node.IsOnline && node.Trust(_verifier) != TrustState.Untrusted)
        {
            await ReadmitAsync(node, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Takes a node that came back (or joined late) in again, then retries pipelines that found no place.</summary>
    private async Task ReadmitAsync(NodeRecord node, CancellationToken cancellationToken)
    {
        // Its TPM's measurement log began anew with the restarted agent; the verifier's record of the old one no longer applies.
        _verifier.ForgetHistory(node.NodeId);
        await AdmitAsync(node, cancellationToken).ConfigureAwait(false);
        foreach (var pipeline in _pipelines.Where(p => p.Current is null || p.State != "running"))
        {
            await PlaceAsync(pipeline, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task OnConnectedAsync(MqttConnectionEstablished connection)
    {
        if (connection.IsReconnect && _phase == "running")
        {
            // The broker may have restarted and lost messages in flight (QoS 1 state lives in its memory).
            OrchestratorLog.Reconnected(_logger);
            Enqueue(async ct =>
            {
                foreach (var pipeline in _pipelines)
                {
                    await pipeline.Gateway.ResendAllAsync(ct).ConfigureAwait(false);
                }
            });
        }

        return Task.CompletedTask;
    }

    private void Enqueue(Func<CancellationToken, Task> work) => _control.Writer.TryWrite(work);

    private async Task RunControlAsync(CancellationToken cancellationToken)
    {
        await foreach (var work in _control.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await work(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                OrchestratorLog.BackgroundFailed(_logger, e);
            }
        }
    }

    private async Task ServeArtefactsAsync(CancellationToken cancellationToken)
    {
        await foreach (var request in _fetches.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await TryAsync(() => _artefacts.ServeAsync(request, cancellationToken)).ConfigureAwait(false);
        }
    }

    private async Task ReportStatusAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.StatusInterval, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_phase == "running")
            {
                foreach (var pipeline in _pipelines)
                {
                    await TryAsync(() => pipeline.Gateway.ResendOverdueAsync(cancellationToken)).ConfigureAwait(false);
                }
            }

            PublishStatus();
        }
    }

    private void PublishStatus()
    {
        var status = Status();
        StatusChanged?.Invoke(status);
        if (_client.IsConnected)
        {
            _ = TryAsync(() => _client.PublishAsync(DeploymentMessages.Create(_topics.Status(_manifest.UseCase), ProtocolContentTypes.Status, status, retain: true), _stop.Token));
        }
    }

    private async Task TryAsync(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            OrchestratorLog.BackgroundFailed(_logger, e);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private void TryRun(Action action)
    {
        try
        {
            action();
        }
        catch (DeploymentProtocolException e)
        {
            OrchestratorLog.BackgroundFailed(_logger, e);
        }
    }
}
