using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Vedliot.Attestation.Enrollment;
using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Policy;
using Vedliot.Attestation.Verifier;
using Vedliot.Hosting.Broker;
using Vedliot.Hosting.Node;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.RequestResponse;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Testing;

namespace Vedliot.Hosting.Tests.Infrastructure;

/// <summary>
/// A node agent running in this process (emulating the descriptor module <c>xeon-d</c>, with its own emulated TPM)
/// and the orchestrator's side of the protocol: a client that sends commands with an <see cref="MqttRequester"/>,
/// serves artefacts, and an observer that records everything under the test's own topic root.
/// </summary>
public sealed class NodeHarness : IAsyncDisposable
{
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory;
    private NodeAgentService? _node;

    private NodeHarness(MosquittoBroker broker, TempDirectory directory, NodeAgentOptions options, MqttClient orchestrator, MqttRequester requester, MqttClient observer)
    {
        Broker = broker;
        _directory = directory;
        Options = options;
        Orchestrator = orchestrator;
        Requester = requester;
        Observer = observer;
        Recorder = new MessageRecorder(observer);
        Topics = new DeploymentTopics(options.TopicRoot);
    }

    public MosquittoBroker Broker { get; }

    public NodeAgentOptions Options { get; }

    public DeploymentTopics Topics { get; }

    public string NodeId => Options.NodeId;

    public NodeAgentService Node => _node ?? throw new InvalidOperationException("The node has been stopped.");

    public SeverableTransport Transport { get; } = new();

    public MqttClient Orchestrator { get; }

    public MqttRequester Requester { get; }

    public MqttClient Observer { get; }

    public MessageRecorder Recorder { get; }

    /// <summary>Artefacts the orchestrator serves, by stage key.</summary>
    public ConcurrentDictionary<string, byte[]> Artefacts { get; } = new(StringComparer.Ordinal);

    /// <summary>How many artefact requests the node made.</summary>
    public int ArtefactRequests => _artefactRequests;

    private int _artefactRequests;

    public string File(string name) => _directory.File(name);

    /// <summary>Starts the broker-side clients and the node.</summary>
    public static async Task<NodeHarness> StartAsync(MosquittoBroker broker, Action<NodeAgentOptions>? configure = null)
    {
        var directory = new TempDirectory();
        var root = "t" + Guid.NewGuid().ToString("N")[..10];
        var options = new NodeAgentOptions
        {
            NodeId = "node-" + root[1..],
            Broker = new BrokerConnectionOptions { Host = "127.0.0.1", Port = broker.Port },
            PlatformPath = Path.Combine(RepositoryPaths.Root, "platforms", "recs-box.yaml"),
            ModuleId = "xeon-d",
            StateDirectory = directory.File("state"),
            TopicRoot = root,
            HealthInterval = TimeSpan.FromMilliseconds(200),
        };
        configure?.Invoke(options);
        var topics = new DeploymentTopics(root);
        var orchestrator = new MqttClient(broker.Options("orchestrator-" + root));
        var observer = new MqttClient(broker.Options("observer-" + root));
        var requester = new MqttRequester(orchestrator, topics.Replies(options.NodeId), TimeProvider.System);
        var harness = new NodeHarness(broker, directory, options, orchestrator, requester, observer);
        options.Transport = harness.Transport;
        orchestrator.MessageReceivedAsync += harness.ServeArtefactAsync;
        await orchestrator.ConnectAsync();
        await requester.SubscribeAsync();
        await orchestrator.SubscribeAsync(topics.ArtefactRequests(options.NodeId), MqttQualityOfService.AtLeastOnce);
        await observer.ConnectAsync();
        await observer.SubscribeAsync(root + "/#", MqttQualityOfService.AtLeastOnce);
        await harness.StartNodeAsync();
        return harness;
    }

    public async Task StartNodeAsync()
    {
        _node = new NodeAgentService(Options, NullLoggerFactory.Instance, TimeProvider.System);
        await _node.StartAsync(CancellationToken.None);
    }

    /// <summary>Stops the node gracefully, as Ctrl-C or SIGTERM would.</summary>
    public async Task StopNodeAsync()
    {
        if (_node is { } node)
        {
            _node = null;
            await node.StopAsync(CancellationToken.None);
            node.Dispose();
        }
    }

    /// <summary>Sends a command to the node's control topic and returns its reply.</summary>
    public Task<MqttApplicationMessage> CommandAsync(string contentType, byte[] payload) =>
        Requester.RequestAsync(
            new MqttApplicationMessage
            {
                Topic = Topics.Control(NodeId),
                Payload = payload,
                ContentType = contentType,
                QualityOfService = MqttQualityOfService.AtLeastOnce,
            },
            CommandTimeout);

    public Task<MqttApplicationMessage> CommandAsync<T>(string contentType, T body) => CommandAsync(contentType, DeploymentMessages.Serialize(body));

    /// <summary>Publishes as the orchestrator (or a previous stage) would.</summary>
    public Task PublishAsync(MqttApplicationMessage message) => Orchestrator.PublishAsync(message);

    /// <summary>The CA certificates of the node's emulated TPM (made when it was first started).</summary>
    public IReadOnlyList<X509Certificate2> EndorsementCas() =>
    [
        X509CertificateLoader.LoadCertificateFromFile(Path.Combine(Options.StateDirectory, "tpm", "ca", "swtpm-localca-rootca-cert.pem")),
        X509CertificateLoader.LoadCertificateFromFile(Path.Combine(Options.StateDirectory, "tpm", "ca", "issuercert.pem")),
    ];

    /// <summary>Enrolls the node as an orchestrator does, over MQTT.</summary>
    public async Task<EnrollmentResult> EnrollAsync(IEnrollmentStore store)
    {
        var options = new EnrollmentOptions();
        foreach (var ca in EndorsementCas())
        {
            options.TrustedRoots.Add(ca);
            options.Intermediates.Add(ca);
        }

        var verifier = new EnrollmentVerifier(options, store, TimeProvider.System);
        var requestReply = await CommandAsync(ProtocolContentTypes.EnrollBegin, new { nodeId = NodeId });
        DeploymentMessages.Expect(requestReply, ProtocolContentTypes.EnrollmentRequest);
        var begun = await verifier.BeginAsync(AttestationMessageSerializer.DeserializeEnrollmentRequest(requestReply.Payload.Span));
        if (!begun.Succeeded)
        {
            return begun;
        }

        var answer = await CommandAsync(ProtocolContentTypes.EnrollmentChallenge, AttestationMessageSerializer.Serialize(begun.Challenge!));
        DeploymentMessages.Expect(answer, ProtocolContentTypes.EnrollmentResponse);
        return await verifier.CompleteAsync(AttestationMessageSerializer.DeserializeEnrollmentResponse(answer.Payload.Span));
    }

    /// <summary>Asks the node for a quote over <paramref name="challenge"/>.</summary>
    public async Task<AttestationEvidence> QuoteAsync(AttestationChallenge challenge)
    {
        var reply = await CommandAsync(ProtocolContentTypes.AttestationChallenge, AttestationMessageSerializer.Serialize(challenge));
        DeploymentMessages.Expect(reply, ProtocolContentTypes.AttestationEvidence);
        return AttestationMessageSerializer.DeserializeAttestationEvidence(reply.Payload.Span);
    }

    /// <summary>A policy allowing this agent's build (every file it measures, each for its type) and the given partitions.</summary>
    public AttestationPolicy Policy(params byte[][] partitions)
    {
        // The agent has started, so its build was scanned already: this completes at once.
        var builder = AgentBuild.OfThisAgentAsync().GetAwaiter().GetResult().AllowIn(new AttestationPolicyBuilder())
            .Allow(ArtefactType.NodeAgent, Convert.FromHexString(Node.AgentDigest)); // among them; fails if the node has not started
        foreach (var partition in partitions)
        {
            builder.Allow(ArtefactType.ModelPartition, SHA256.HashData(partition));
        }

        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        await StopNodeAsync();
        Requester.Dispose();
        await Orchestrator.DisposeAsync();
        await Observer.DisposeAsync();
        _directory.Dispose();
    }

    /// <summary>The orchestrator's artefact server: the bytes registered for the stage, or an error reply.</summary>
    private async Task ServeArtefactAsync(MqttMessageReceivedEventArgs args)
    {
        var request = args.Message;
        if (request.Topic != Topics.ArtefactRequests(NodeId))
        {
            return;
        }

        Interlocked.Increment(ref _artefactRequests);
        var wanted = DeploymentMessages.Read<ArtefactRequest>(request, ProtocolContentTypes.ArtefactRequest);
        var reply = Artefacts.TryGetValue(wanted.Key, out var bytes)
            ? MqttMessages.ReplyTo(request, bytes, ProtocolContentTypes.Artefact)
            : DeploymentMessages.ReplyError(request, $"stage '{wanted.Key}' is not assigned to node '{NodeId}'");
        await Orchestrator.PublishAsync(reply);
    }
}
