using System.Security.Cryptography;
using Vedliot.Attestation.Enrollment;
using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Verifier;
using Vedliot.Hosting.Tests.Infrastructure;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tensors;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Runtime.Execution;
using Vedliot.Runtime.Platform;
using Vedliot.Testing;

namespace Vedliot.Hosting.Tests.Node;

[Collection(BrokerGroup.Name)]
public sealed class NodeAgentServiceTests(MosquittoBroker broker) : IAsyncLifetime
{
    private static readonly float[] X = [1f, -2f, 3f, 0.5f];

    private NodeHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await NodeHarness.StartAsync(broker);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private DeploymentTopics Topics => _harness.Topics;

    private static NodeAnnouncement ReadAnnouncement(MqttApplicationMessage message) =>
        DeploymentMessages.Read<NodeAnnouncement>(message, ProtocolContentTypes.Announcement);

    private async Task<StageAssignment> AssignAsync(byte[]? served = null)
    {
        var assignment = TestStage.Assignment(Topics);
        _harness.Artefacts[assignment.Key] = served ?? TestStage.Partition;
        var reply = await _harness.CommandAsync(ProtocolContentTypes.StageAssignment, assignment);
        var loaded = DeploymentMessages.Read<StageLoaded>(reply, ProtocolContentTypes.StageLoaded);
        Assert.Equal(assignment.Key, loaded.Key);
        return assignment;
    }

    [Fact]
    public async Task The_node_announces_its_module_online_as_a_retained_message()
    {
        await using var late = new MqttClient(broker.Options("late-" + Topics.Root));
        var recorder = new MessageRecorder(late);
        await late.ConnectAsync();
        await late.SubscribeAsync(Topics.Announcement(_harness.NodeId), MqttQualityOfService.AtLeastOnce);

        var (message, _) = await recorder.WaitForAsync(Topics.Announcement(_harness.NodeId));

        Assert.True(message.Retain);
        var announcement = ReadAnnouncement(message);
        Assert.Equal(NodeState.Online, announcement.State);
        Assert.Equal(_harness.NodeId, announcement.NodeId);
        Assert.Equal("xeon-d", announcement.Module!.Id);
        Assert.Equal(Presence.Emulated, announcement.Module.Presence);
        Assert.Equal(ModuleKind.Cpu, announcement.Module.Kind);
        Assert.Contains("emulated", announcement.Tpm, StringComparison.Ordinal);
        Assert.Equal(Environment.MachineName, announcement.Host);
        Assert.Empty(announcement.Stages);
        var agentFile = Path.Combine(AppContext.BaseDirectory, "Vedliot.Hosting.dll");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(agentFile))), announcement.AgentDigest);
    }

    [Fact]
    public async Task Enrollment_and_attestation_over_mqtt_verify_and_the_log_starts_with_the_agent()
    {
        var store = new FileEnrollmentStore(_harness.File("enrollments"));

        var enrolled = await _harness.EnrollAsync(store);
        Assert.True(enrolled.Succeeded, enrolled.Detail);

        using var verifier = new AttestationVerifier(store, _harness.Policy(), new AttestationVerifierOptions(), TimeProvider.System);
        var evidence = await _harness.QuoteAsync(verifier.CreateChallenge(_harness.NodeId));
        var result = await verifier.VerifyAsync(evidence);

        Assert.True(result.Trusted, result.Detail);
        var first = evidence.Log.Events[0];
        Assert.Equal(ArtefactType.NodeAgent, first.Type);
        Assert.Equal("Vedliot.Hosting.dll", first.Name);
        Assert.Equal(_harness.Node.AgentDigest, Convert.ToHexStringLower(first.Digest.Span));
    }

    [Fact]
    public async Task The_agent_measures_every_file_of_its_build_each_as_its_own_event_with_its_type()
    {
        var store = new FileEnrollmentStore(_harness.File("enrollments"));
        Assert.True((await _harness.EnrollAsync(store)).Succeeded);
        using var verifier = new AttestationVerifier(store, _harness.Policy(), new AttestationVerifierOptions(), TimeProvider.System);

        var evidence = await _harness.QuoteAsync(verifier.CreateChallenge(_harness.NodeId));

        var logged = evidence.Log.Events.ToDictionary(e => e.Name, e => (e.Type, Digest: Convert.ToHexStringLower(e.Digest.Span)));
        var managed = Directory.GetFiles(AppContext.BaseDirectory, "*.dll").Select(Path.GetFileName).ToList();
        Assert.Contains("Google.Protobuf.dll", managed);
        foreach (var name in managed)
        {
            Assert.Equal(ArtefactType.NodeAgent, logged[name!].Type);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, name!)))), logged[name!].Digest);
        }

        Assert.Equal(ArtefactType.NativeLibrary, logged["libonnxruntime.so"].Type);
        Assert.Equal(ArtefactType.ExecutionProvider, logged["libonnxruntime_providers_shared.so"].Type);
        Assert.True((await verifier.VerifyAsync(evidence)).Trusted);
    }

    [Fact]
    public async Task After_a_restart_the_same_node_still_attests_because_the_pcr_is_reset_with_the_log()
    {
        var store = new FileEnrollmentStore(_harness.File("enrollments"));
        Assert.True((await _harness.EnrollAsync(store)).Succeeded);
        await _harness.StopNodeAsync();

        await _harness.StartNodeAsync();

        using var verifier = new AttestationVerifier(store, _harness.Policy(), new AttestationVerifierOptions(), TimeProvider.System);
        var result = await verifier.VerifyAsync(await _harness.QuoteAsync(verifier.CreateChallenge(_harness.NodeId)));
        Assert.True(result.Trusted, result.Detail);
    }

    [Fact]
    public async Task An_assigned_stage_is_fetched_measured_loaded_and_computes_its_partition()
    {
        var store = new FileEnrollmentStore(_harness.File("enrollments"));
        Assert.True((await _harness.EnrollAsync(store)).Succeeded);
        var assignment = TestStage.Assignment(Topics);
        _harness.Artefacts[assignment.Key] = TestStage.Partition;

        var reply = await _harness.CommandAsync(ProtocolContentTypes.StageAssignment, assignment);

        var loaded = DeploymentMessages.Read<StageLoaded>(reply, ProtocolContentTypes.StageLoaded);
        Assert.Equal(assignment.ArtefactDigest, loaded.MeasuredDigest);
        Assert.StartsWith("emulated cpu", loaded.Backend, StringComparison.Ordinal);
        Assert.Equal([assignment.Key], _harness.Node.StageKeys);

        // Measured: the next quote's log holds the partition, and the verifier accepts it.
        using var verifier = new AttestationVerifier(store, _harness.Policy(TestStage.Partition), new AttestationVerifierOptions(), TimeProvider.System);
        var evidence = await _harness.QuoteAsync(verifier.CreateChallenge(_harness.NodeId));
        Assert.True((await verifier.VerifyAsync(evidence)).Trusted);
        var measured = Assert.Single(evidence.Log.Events, e => e.Type == ArtefactType.ModelPartition);
        Assert.Equal("p.s0.onnx", measured.Name);
        Assert.Equal(assignment.ArtefactDigest, Convert.ToHexStringLower(measured.Digest.Span));

        // Computes: a bundle in, the partition's output bundle out, one stage further.
        await _harness.PublishAsync(TestStage.Input(assignment.InputTopic, 41, X));
        var (output, _) = await _harness.Recorder.WaitForAsync(assignment.OutputTopic!, m => TestStage.IsResultFor(m, 41));
        var bundle = TensorMessages.ReadBundle(output, "y");
        Assert.Equal(TestStage.PipelineId, bundle.PipelineId);
        Assert.Equal(1u, bundle.StageIndex);
        var y = Assert.Single(bundle.Tensors);
        Assert.Equal("y", y.Name);
        Assert.Equal([1L, 4L], y.Frame.Shape);
        StageAssertions.AssertClose(TestStage.Expected(X), TensorFrameCodec.GetElements<float>(y.Frame).ToArray());

        // A lone frame is taken as the partition's single input.
        await _harness.PublishAsync(TensorMessages.Create(assignment.InputTopic, TestStage.Frame(42, [0.25f, 1f, -1f, 2f]), MqttQualityOfService.AtLeastOnce));
        var (second, _) = await _harness.Recorder.WaitForAsync(assignment.OutputTopic!, m => TestStage.IsResultFor(m, 42));
        StageAssertions.AssertClose(TestStage.Expected([0.25f, 1f, -1f, 2f]), TensorFrameCodec.GetElements<float>(TensorMessages.ReadBundle(second, "y").Tensors[0].Frame).ToArray());

        // The announcement lists the stage.
        await _harness.Recorder.WaitForAsync(Topics.Announcement(_harness.NodeId), m => ReadAnnouncement(m).Stages.Contains(assignment.Key));
    }

    [Fact]
    public async Task Assigning_the_same_stage_again_answers_loaded_without_fetching_again()
    {
        var assignment = await AssignAsync();

        var again = await _harness.CommandAsync(ProtocolContentTypes.StageAssignment, assignment);

        Assert.Equal(assignment.ArtefactDigest, DeploymentMessages.Read<StageLoaded>(again, ProtocolContentTypes.StageLoaded).MeasuredDigest);
        Assert.Equal(1, _harness.ArtefactRequests);
        Assert.Equal([assignment.Key], _harness.Node.StageKeys);
    }

    [Fact]
    public async Task A_partition_with_another_digest_is_refused_and_nothing_is_measured_or_loaded()
    {
        var tampered = (byte[])TestStage.Partition.Clone();
        tampered[^1] ^= 0x01;
        var assignment = TestStage.Assignment(Topics);
        _harness.Artefacts[assignment.Key] = tampered;

        var reply = await _harness.CommandAsync(ProtocolContentTypes.StageAssignment, assignment);

        var error = Assert.Throws<DeploymentProtocolException>(() => DeploymentMessages.Read<StageLoaded>(reply, ProtocolContentTypes.StageLoaded));
        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
        Assert.Contains("refused", error.Message, StringComparison.Ordinal);
        Assert.Empty(_harness.Node.StageKeys);
        var evidence = await _harness.QuoteAsync(new AttestationChallenge(_harness.NodeId, RandomNumberGenerator.GetBytes(32), [23]));
        Assert.DoesNotContain(evidence.Log.Events, e => e.Type == ArtefactType.ModelPartition);
    }

    [Fact]
    public async Task An_artefact_the_orchestrator_refuses_is_an_error_reply_with_its_reason()
    {
        var assignment = TestStage.Assignment(Topics);

        var reply = await _harness.CommandAsync(ProtocolContentTypes.StageAssignment, assignment);

        var error = Assert.Throws<DeploymentProtocolException>(() => DeploymentMessages.Read<StageLoaded>(reply, ProtocolContentTypes.StageLoaded));
        Assert.Contains("is not assigned to node", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_reports_each_stage_with_its_counts_and_modelled_figures()
    {
        var assignment = await AssignAsync();
        await _harness.PublishAsync(TestStage.Input(assignment.InputTopic, 1, X));
        await _harness.Recorder.WaitForAsync(assignment.OutputTopic!, m => TestStage.IsResultFor(m, 1));

        var (report, _) = await _harness.Recorder.WaitForAsync(Topics.Health(_harness.NodeId), m => StageAssertions.FirstStageMetrics(m)?.Completed == 1);

        Assert.Equal(MqttQualityOfService.AtMostOnce, report.QualityOfService);
        var metrics = StageAssertions.FirstStageMetrics(report)!;
        Assert.Equal(assignment.Key, metrics.Key);
        Assert.Equal(0, metrics.Failed);
        Assert.Equal(FigureSource.Modelled, metrics.LatencySource);
        Assert.True(metrics.LatencyP50Ms > 0);
        Assert.True(metrics.LatencyP95Ms >= metrics.LatencyP50Ms);
        Assert.Equal(FigureSource.Modelled, metrics.EnergySource);
        Assert.True(metrics.EnergyPerRunJoules > 0);
        Assert.Contains("xeon-d", metrics.EnergyMeter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_released_stage_is_gone_and_the_release_is_echoed()
    {
        var assignment = await AssignAsync();
        var topic = Topics.Announcement(_harness.NodeId);
        var (_, held) = await _harness.Recorder.WaitForAsync(topic, m => ReadAnnouncement(m).Stages.Contains(assignment.Key));

        var reply = await _harness.CommandAsync(ProtocolContentTypes.StageRelease, new StageRelease(assignment.Key));

        Assert.Equal(assignment.Key, DeploymentMessages.Read<StageRelease>(reply, ProtocolContentTypes.StageRelease).Key);
        Assert.Empty(_harness.Node.StageKeys);
        await _harness.Recorder.WaitForAsync(topic, m => ReadAnnouncement(m) is { State: NodeState.Online, Stages.Count: 0 }, held + 1);

        // The key is free again.
        await AssignAsync();
    }

    [Fact]
    public async Task A_command_of_unknown_content_type_is_an_error_reply()
    {
        var reply = await _harness.CommandAsync("application/x-unknown", "{}"u8.ToArray());

        var error = Assert.Throws<DeploymentProtocolException>(() => DeploymentMessages.Expect(reply, ProtocolContentTypes.StageLoaded));
        Assert.Contains("unknown command content type 'application/x-unknown'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_lost_without_disconnect_makes_the_broker_announce_the_node_offline_and_the_node_comes_back_online()
    {
        var topic = Topics.Announcement(_harness.NodeId);
        var (_, online) = await _harness.Recorder.WaitForAsync(topic, m => ReadAnnouncement(m).State == NodeState.Online);

        _harness.Transport.Sever();

        var (_, offline) = await _harness.Recorder.WaitForAsync(topic, m => ReadAnnouncement(m).State == NodeState.Offline, online + 1);
        await _harness.Recorder.WaitForAsync(topic, m => ReadAnnouncement(m).State == NodeState.Online, offline + 1);

        // Commands reach the node again.
        var reply = await _harness.CommandAsync(ProtocolContentTypes.StageRelease, new StageRelease("none"));
        Assert.Equal("none", DeploymentMessages.Read<StageRelease>(reply, ProtocolContentTypes.StageRelease).Key);
    }

    [Fact]
    public async Task A_clean_shutdown_leaves_the_offline_announcement_retained()
    {
        await AssignAsync();

        await _harness.StopNodeAsync();

        await using var late = new MqttClient(broker.Options("late-" + Topics.Root));
        var recorder = new MessageRecorder(late);
        await late.ConnectAsync();
        await late.SubscribeAsync(Topics.Announcement(_harness.NodeId), MqttQualityOfService.AtLeastOnce);
        var (message, _) = await recorder.WaitForAsync(Topics.Announcement(_harness.NodeId));
        Assert.True(message.Retain);
        var announcement = ReadAnnouncement(message);
        Assert.Equal(NodeState.Offline, announcement.State);
        Assert.Empty(announcement.Stages);
        Assert.Contains($"Client vedliot-node-{_harness.NodeId} disconnected.", broker.Log, StringComparison.Ordinal);
    }
}
