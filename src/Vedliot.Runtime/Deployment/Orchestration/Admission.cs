using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Vedliot.Attestation.Enrollment;
using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Policy;
using Vedliot.Attestation.Verifier;
using Vedliot.Messaging.RequestResponse;

namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>
/// Who may receive anything: enrolls each node's TPM, attests it, watches it with periodic re-attestation, and keeps
/// the policy (allowed node agent builds and the partitions handed out). Only an admitted, trusted node is given a
/// stage; a node that fails re-attestation raises <see cref="Revoked"/>.
/// </summary>
internal sealed class Admission : IAsyncDisposable
{
    private readonly OrchestratorOptions _options;
    private readonly NodeCommands _commands;
    private readonly EnrollmentVerifier _enrollment;
    private readonly ReattestationMonitor _monitor;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, byte> _partitionDigests = new(StringComparer.OrdinalIgnoreCase);

    public Admission(OrchestratorOptions options, IEnrollmentStore enrollments, NodeCommands commands, NodeRegistry registry, TimeProvider time, ILogger logger)
    {
        _options = options;
        _commands = commands;
        _logger = logger;
        _enrollment = new EnrollmentVerifier(options.Enrollment, enrollments, time);
        Verifier = new AttestationVerifier(enrollments, BuildPolicy(), new AttestationVerifierOptions(), time);
        Verifier.TrustChanged += OnTrustChanged;
        _monitor = new ReattestationMonitor(
            Verifier,
            new MqttAttestationChannel(registry.Find, commands),
            new ReattestationOptions { Interval = options.ReattestationInterval, ResponseTimeout = options.ReattestationInterval / 2 },
            time);
    }

    /// <summary>A trusted node failed re-attestation: its id and the verifier's reason.</summary>
    public event Action<string, string>? Revoked;

    public AttestationVerifier Verifier { get; }

    public TrustState Trust(NodeRecord node) => Verifier.GetTrustState(node.NodeId);

    /// <summary>Whether the node may be given stages now.</summary>
    public bool IsUsable(NodeRecord node) => node.IsOnline && node.Admitted && Trust(node) == TrustState.Trusted;

    /// <summary>Why the node's last attestation failed, or empty.</summary>
    public string FailureOf(string nodeId) =>
        Verifier.GetLatestResults().FirstOrDefault(r => r.NodeId == nodeId) is { Trusted: false } latest ? latest.Detail : string.Empty;

    public void StartMonitoring() => _monitor.Start();

    /// <summary>Enrolls the node's TPM and attests it; on success the node is admitted and watched.</summary>
    public async Task AdmitAsync(NodeRecord node, CancellationToken cancellationToken)
    {
        try
        {
            var enrolled = await _commands.EnrollAsync(node, _enrollment, cancellationToken).ConfigureAwait(false);
            if (!enrolled.Succeeded)
            {
                Verifier.MarkUntrusted(node.NodeId, AttestationFailure.NotEnrolled, $"enrollment refused ({enrolled.Failure}): {enrolled.Detail}");
                return;
            }

            var result = await _commands.AttestAsync(node, Verifier, cancellationToken).ConfigureAwait(false);
            if (result.Trusted)
            {
                node.Admitted = true;
                _monitor.Watch(node.NodeId);
                OrchestratorLog.NodeAttested(_logger, node.NodeId, result.Detail);
            }
        }
        catch (Exception e) when (e is TimeoutException or VedliotException or MqttRequestException or AttestationMessageFormatException)
        {
            Verifier.MarkUntrusted(node.NodeId, AttestationFailure.NoResponse, e.Message);
        }
    }

    /// <summary>Takes a node that restarted (or joined late) in again: its measurement log began anew with the restarted agent.</summary>
    public Task ReadmitAsync(NodeRecord node, CancellationToken cancellationToken)
    {
        Verifier.ForgetHistory(node.NodeId);
        return AdmitAsync(node, cancellationToken);
    }

    /// <summary>Stops trusting a node with stages until it is admitted again.</summary>
    public void Dismiss(NodeRecord node)
    {
        node.Admitted = false;
        _monitor.Unwatch(node.NodeId);
    }

    /// <summary>Attests a node again (after it loaded a partition, whose measurement the quote must now cover).</summary>
    public Task<AttestationResult> AttestAsync(NodeRecord node, CancellationToken cancellationToken) => _commands.AttestAsync(node, Verifier, cancellationToken);

    /// <summary>Lets nodes measure these partitions: each is a model partition the orchestrator itself hands out.</summary>
    public void AllowPartitions(IEnumerable<string> digests)
    {
        var added = false;
        foreach (var digest in digests)
        {
            added |= _partitionDigests.TryAdd(digest, 0);
        }

        if (added)
        {
            Verifier.ReplacePolicy(BuildPolicy());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _monitor.DisposeAsync().ConfigureAwait(false);
        Verifier.TrustChanged -= OnTrustChanged;
        Verifier.Dispose();
    }

    private AttestationPolicy BuildPolicy()
    {
        var builder = new AttestationPolicyBuilder();
        foreach (var digest in _options.AllowedAgentDigests)
        {
            foreach (var type in ArtefactTypes.AgentBuild)
            {
                builder.Allow(type, Convert.FromHexString(digest));
            }
        }

        foreach (var digest in _partitionDigests.Keys)
        {
            builder.Allow(ArtefactType.ModelPartition, Convert.FromHexString(digest));
        }

        return builder.Build();
    }

    private void OnTrustChanged(object? sender, TrustChangedEventArgs e)
    {
        if (e.Current == TrustState.Untrusted)
        {
            OrchestratorLog.NodeUntrusted(_logger, e.NodeId, e.Result.Detail);
        }

        if (e.IsRevocation)
        {
            Revoked?.Invoke(e.NodeId, e.Result.Detail);
        }
    }
}
