using Vedliot.Attestation.Enrollment;
using Vedliot.Hosting.Broker;
using Vedliot.Hosting.Tpm;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Transport;

namespace Vedliot.Hosting.Node;

/// <summary>
/// Settings of a <see cref="NodeAgentService"/>; the <c>Vedliot.Node</c> command line fills them from its options
/// (named next to each property). Call <see cref="Validate"/> (the service does at start) before use.
/// </summary>
public sealed class NodeAgentOptions
{
    /// <summary>The node's id (<c>--node-id</c>); see <see cref="NodeIds.IsValid"/>. Required.</summary>
    public string NodeId { get; set; } = string.Empty;

    /// <summary>
    /// How to reach the broker (<c>--broker</c>, <c>--username</c>, <c>--password-file</c>, <c>--tls</c>, <c>--broker-ca</c>,
    /// <c>--client-cert</c>, <c>--client-key</c>). Default: <c>127.0.0.1:1883</c>, plain TCP, no user.
    /// </summary>
    public BrokerConnectionOptions Broker { get; set; } = new();

    /// <summary>Opens the connection to the broker. Default: <see cref="MqttTcpTransport.Instance"/>.</summary>
    public IMqttTransport Transport { get; set; } = MqttTcpTransport.Instance;

    /// <summary>
    /// How long the broker keeps the node's session (its subscriptions and the QoS 1 messages queued for it)
    /// after the connection drops, so that a short outage loses no stage input. Whole seconds. Default: 5 minutes.
    /// </summary>
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Platform descriptor (<c>--platform</c>) whose module <see cref="ModuleId"/> this node drives: present when
    /// this machine's probes find it, otherwise emulated (and announced as emulated). Null drives a module of
    /// this machine found by its probes. Default: null.
    /// </summary>
    public string? PlatformPath { get; set; }

    /// <summary>
    /// The module to drive (<c>--module</c>): a module of <see cref="PlatformPath"/>, or, without a descriptor, a
    /// local module such as <c>local-cpu0</c> or <c>local-gpu0</c>. Null without a descriptor means the local CPU.
    /// Default: null.
    /// </summary>
    public string? ModuleId { get; set; }

    /// <summary>The node's TPM (<c>--tpm</c>), as <see cref="NodeTpm.OpenAsync"/> reads it. Default: <see cref="NodeTpm.Emulated"/>.</summary>
    public string Tpm { get; set; } = NodeTpm.Emulated;

    /// <summary>
    /// Certificates of the CA that signed the TPM's EK certificate (<c>--tpm-ca</c>). When given, the node checks at
    /// start, as enrollment will, that its EK certificate chains to them (plus an emulated TPM's own local CA) and
    /// refuses to start otherwise. Default: none (no check; the orchestrator checks at enrollment).
    /// </summary>
    public IReadOnlyList<string> TpmCaFiles { get; set; } = [];

    /// <summary>
    /// Where the node keeps its attestation key (<c>ak.blob</c>) and an emulated TPM's state (<c>tpm/</c>)
    /// (<c>--state</c>). Required; <see cref="DefaultStateDirectory"/> gives the usual place.
    /// </summary>
    public string StateDirectory { get; set; } = string.Empty;

    /// <summary>First level(s) of every deployment topic (<c>--topic-root</c>). Default: <c>vedliot</c>.</summary>
    public string TopicRoot { get; set; } = "vedliot";

    /// <summary>How often the node publishes its health (<c>--health-interval</c>). Default: 2 s.</summary>
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>ONNX Runtime threads inside one operator (<c>--threads</c>). Default: 1.</summary>
    public int Threads { get; set; } = 1;

    /// <summary>How long to wait for the orchestrator's answer to an artefact request. Default: 60 s.</summary>
    public TimeSpan ArtefactTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Requests that may wait for one stage. When the queue is full, the node stops taking messages from the broker
    /// (which then holds them back once the node's Receive Maximum is reached) until the stage catches up. Default: 64.
    /// </summary>
    public int StageQueueCapacity { get; set; } = 64;

    /// <summary>
    /// Requests each stage remembers, by their correlation data, to recognise a QoS 1 redelivery (requests without
    /// correlation data are never taken for redeliveries). Default: 65,536.
    /// </summary>
    public int DuplicateWindow { get; set; } = 65_536;

    /// <summary>
    /// Bytes of correlation data each stage keeps at most for <see cref="DuplicateWindow"/> (MQTT allows 65,535 bytes
    /// per message, so the count alone does not bound memory); the oldest is forgotten first. Default: 4 MiB.
    /// </summary>
    public long DuplicateWindowBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>
    /// Results and error replies each stage may have waiting for the broker's acknowledgement while it runs the next
    /// request (1 to <see cref="MaximumStagePublishWindow"/>; 1 waits for every acknowledgement before the next run).
    /// Publish order is kept. Default: 4.
    /// </summary>
    public int StagePublishWindow { get; set; } = 4;

    /// <summary>Largest <see cref="StagePublishWindow"/> accepted.</summary>
    public const int MaximumStagePublishWindow = 64;

    /// <summary>Recent runs of each stage its latency percentiles and mean energy are computed over. Default: 1,000.</summary>
    public int MetricsWindow { get; set; } = 1_000;

    /// <summary>The usual state directory of a node: <c>$XDG_STATE_HOME/vedliot/node/{nodeId}</c> (or under <c>~/.local/state</c>).</summary>
    /// <param name="nodeId">The node's id.</param>
    /// <returns>The path.</returns>
    public static string DefaultStateDirectory(string nodeId)
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        var state = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state") : xdg;
        return Path.Combine(state, "vedliot", "node", nodeId);
    }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is missing or out of range; the message names it.</exception>
    /// <exception cref="BrokerOptionsException">A broker setting is invalid or names a missing file; the message names the option.</exception>
    public void Validate()
    {
        if (!NodeIds.IsValid(NodeId))
        {
            throw new ArgumentException($"NodeId '{NodeId}' is not a valid node id (1-128 letters, digits, '-', '_' and '.', not starting with '.')", nameof(NodeId));
        }

        ArgumentNullException.ThrowIfNull(Broker);
        Broker.Validate();
        ArgumentNullException.ThrowIfNull(Transport);
        if (SessionExpiry < TimeSpan.Zero || SessionExpiry.Ticks % TimeSpan.TicksPerSecond != 0 || SessionExpiry.TotalSeconds > uint.MaxValue)
        {
            throw new ArgumentException("SessionExpiry must be whole seconds, not negative", nameof(SessionExpiry));
        }

        if (PlatformPath is not null && ModuleId is null)
        {
            throw new ArgumentException("PlatformPath needs ModuleId: which of the descriptor's modules this node drives", nameof(ModuleId));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(Tpm);
        ArgumentNullException.ThrowIfNull(TpmCaFiles);
        if (string.IsNullOrWhiteSpace(StateDirectory))
        {
            throw new ArgumentException("StateDirectory must be set", nameof(StateDirectory));
        }

        ArgumentNullException.ThrowIfNull(TopicRoot);
        var rootProblem = TopicRoot.Length == 0 || TopicRoot.StartsWith('/') || TopicRoot.EndsWith('/')
            ? "it is empty or starts or ends with '/'"
            : MqttTopic.ValidateTopicName(TopicRoot);
        if (rootProblem is not null)
        {
            throw new ArgumentException($"TopicRoot '{TopicRoot}' cannot start the deployment topics: {rootProblem}", nameof(TopicRoot));
        }

        RequirePositive(HealthInterval, nameof(HealthInterval));
        RequirePositive(ArtefactTimeout, nameof(ArtefactTimeout));
        RequireAtLeastOne(Threads, nameof(Threads));
        RequireAtLeastOne(StageQueueCapacity, nameof(StageQueueCapacity));
        RequireAtLeastOne(DuplicateWindow, nameof(DuplicateWindow));
        if (DuplicateWindowBytes < 1)
        {
            throw new ArgumentException($"{nameof(DuplicateWindowBytes)} must be at least 1", nameof(DuplicateWindowBytes));
        }

        if (StagePublishWindow is < 1 or > MaximumStagePublishWindow)
        {
            throw new ArgumentException($"{nameof(StagePublishWindow)} must be from 1 to {MaximumStagePublishWindow}", nameof(StagePublishWindow));
        }

        RequireAtLeastOne(MetricsWindow, nameof(MetricsWindow));
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} must be positive", name);
        }
    }

    private static void RequireAtLeastOne(int value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentException($"{name} must be at least 1", name);
        }
    }
}
