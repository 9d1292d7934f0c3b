using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Vedliot.Attestation.Tpm.Transports;
using Vedliot.Hosting.Broker;
using Vedliot.Messaging.Client;
using Vedliot.Runtime.Platform;

namespace Vedliot.Hosting.LocalPlatform;

/// <summary>
/// Everything a deployment needs, started on this machine on loopback: a mosquitto broker with a user and
/// password per node, one TPM simulator (swtpm) per node, and one node agent process per node, each
/// emulating a module of a platform descriptor or driving this machine's CPU. Disposing it stops the
/// agents (they announce themselves offline), the TPMs and the broker, and removes their files: no
/// process is left behind. Should this process die without disposing it, a <see cref="ProcessReaper"/> stops them
/// and removes the files within seconds.
/// </summary>
public sealed class LocalDeployment : IAsyncDisposable
{
    /// <summary>The orchestrator's broker user, who may use every topic.</summary>
    public const string OrchestratorUser = "orchestrator";

    private readonly ConcurrentDictionary<string, ChildProcess> _agents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SwtpmSimulator> _tpms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _passwords;
    private readonly ProcessReaper _reaper;
    private LocalBroker? _broker;

    private LocalDeployment(string directory, string? platformPath, Dictionary<string, string> passwords)
    {
        Directory = directory;
        PlatformPath = platformPath;
        _passwords = passwords;
        _reaper = ProcessReaper.Start(directory);
    }

    /// <summary>Where the broker's, the TPMs' and the nodes' files are: a 0700 folder, removed on disposal (or by the reaper if this process dies first).</summary>
    public string Directory { get; }

    /// <summary>The platform descriptor whose modules the nodes emulate, or null when they drive this machine's CPU.</summary>
    public string? PlatformPath { get; }

    /// <summary>The broker.</summary>
    public LocalBroker Broker => _broker ?? throw new ObjectDisposedException(nameof(LocalDeployment));

    /// <summary>The broker's address, <c>HOST:PORT</c>.</summary>
    public string BrokerAddress => $"{LocalBroker.Host}:{Broker.Port}";

    /// <summary>The CA certificates of every simulated TPM's EK certificate.</summary>
    public List<X509Certificate2> EndorsementCas { get; } = [];

    /// <summary>The running node agents by node id.</summary>
    public IReadOnlyDictionary<string, ChildProcess> Agents => _agents;

    /// <summary>The broker password of <paramref name="user"/> (the orchestrator, an app or a node).</summary>
    /// <param name="user">The user.</param>
    /// <returns>The password.</returns>
    public string Password(string user) => _passwords[user];

    /// <summary>Options for a client of the broker as <paramref name="user"/>: TLS checked against the deployment's CA, the user's password.</summary>
    public MqttClientOptions ClientOptions(string user, string clientId, TimeProvider timeProvider)
    {
        var options = new BrokerConnectionOptions
        {
            Host = LocalBroker.Host,
            Port = Broker.Port,
            UseTls = true,
            CaCertificatePath = Broker.CaCertificatePath,
            UserName = user,
            Password = Encoding.UTF8.GetBytes(Password(user)),
        }.CreateClientOptions(clientId, timeProvider);
        options.Reconnect.InitialDelay = TimeSpan.FromMilliseconds(200);
        options.Reconnect.MaximumDelay = TimeSpan.FromSeconds(2);
        return options;
    }

    /// <summary>Starts one node per module of a platform descriptor, each emulating its module (see <see cref="StartAsync(IReadOnlyList{string}, string?, IReadOnlyDictionary{string, string}, Action{string, string}?, CancellationToken)"/>).</summary>
    public static Task<LocalDeployment> StartAsync(string platformPath, Platform platform, IReadOnlyDictionary<string, string> apps, Action<string, string>? onAgentLine, CancellationToken cancellationToken) =>
        StartAsync([.. platform.Modules.Select(m => m.Id)], platformPath, apps, new Dictionary<string, IReadOnlyList<string>>(), onAgentLine, cancellationToken);

    /// <summary>Starts one node per module of a platform descriptor, each emulating its module, with apps that use topics of their own besides their pipelines' (see <see cref="LocalBroker.DeploymentAcl"/>).</summary>
    public static Task<LocalDeployment> StartAsync(string platformPath, Platform platform, IReadOnlyDictionary<string, string> apps, IReadOnlyDictionary<string, IReadOnlyList<string>> appOwnTopics, Action<string, string>? onAgentLine, CancellationToken cancellationToken) =>
        StartAsync([.. platform.Modules.Select(m => m.Id)], platformPath, apps, appOwnTopics, onAgentLine, cancellationToken);

    /// <summary>Starts the broker, the TPMs and the agents, with apps on their pipelines' topics only (see <see cref="StartAsync(IReadOnlyList{string}, string?, IReadOnlyDictionary{string, string}, IReadOnlyDictionary{string, IReadOnlyList{string}}, Action{string, string}?, CancellationToken)"/>).</summary>
    public static Task<LocalDeployment> StartAsync(IReadOnlyList<string> nodes, string? platformPath, IReadOnlyDictionary<string, string> apps, Action<string, string>? onAgentLine, CancellationToken cancellationToken) =>
        StartAsync(nodes, platformPath, apps, new Dictionary<string, IReadOnlyList<string>>(), onAgentLine, cancellationToken);

    /// <summary>Starts the broker, the TPMs and the agents (in parallel where they do not depend on each other).</summary>
    /// <param name="nodes">The node ids: modules of <paramref name="platformPath"/>, or any names when the nodes drive this machine's CPU.</param>
    /// <param name="platformPath">The platform descriptor whose modules (named like the nodes) they emulate, or null.</param>
    /// <param name="apps">Use-case app users and the topic filter each may use.</param>
    /// <param name="appOwnTopics">Topic filters an app uses besides its pipelines', granted to it only.</param>
    /// <param name="onAgentLine">Receives each line an agent writes, prefixed with its node id.</param>
    /// <param name="cancellationToken">Cancels start-up (what started is stopped).</param>
    public static async Task<LocalDeployment> StartAsync(IReadOnlyList<string> nodes, string? platformPath, IReadOnlyDictionary<string, string> apps, IReadOnlyDictionary<string, IReadOnlyList<string>> appOwnTopics, Action<string, string>? onAgentLine, CancellationToken cancellationToken)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("vedliot-local-").FullName;
        var users = new[] { OrchestratorUser }.Concat(apps.Keys).Concat(nodes)
            .ToDictionary(u => u, _ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), StringComparer.Ordinal);
        var deployment = new LocalDeployment(directory, platformPath, users);
        try
        {
            deployment._broker = await LocalBroker.StartAsync(Path.Combine(directory, "broker"), users, LocalBroker.DeploymentAcl(OrchestratorUser, apps, nodes, appOwnTopics: appOwnTopics), cancellationToken).ConfigureAwait(false);
            // Each TPM is kept as soon as it runs, so that if another fails to start, dispose stops it.
            await Task.WhenAll(nodes.Select(async n => deployment._tpms[n] = await SwtpmSimulator.StartAsync(new SwtpmSimulatorOptions { WorkingDirectory = Path.Combine(directory, "tpm", n) }, cancellationToken).ConfigureAwait(false))).ConfigureAwait(false);
            var tpms = nodes.Select(n => deployment._tpms[n]).ToArray();

            foreach (var tpm in tpms)
            {
                deployment.EndorsementCas.Add(X509CertificateLoader.LoadCertificateFromFile(tpm.RootCertificatePath));
                deployment.EndorsementCas.Add(X509CertificateLoader.LoadCertificateFromFile(tpm.IssuerCertificatePath));
            }

            await Task.WhenAll(nodes.Select((n, i) => deployment.StartAgentAsync(n, tpms[i], onAgentLine, cancellationToken))).ConfigureAwait(false);
            return deployment;
        }
        catch
        {
            await deployment.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The TPM simulator of <paramref name="nodeId"/> (what an attacker with access to the node's TPM would talk to).</summary>
    public SwtpmSimulator Tpm(string nodeId) => _tpms[nodeId];

    /// <summary>Kills a node agent at once, as a crash or power loss would; the broker then publishes its will.</summary>
    public async Task KillAgentAsync(string nodeId)
    {
        if (_agents.TryRemove(nodeId, out var agent))
        {
            await agent.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops the agents (they announce themselves offline), the TPMs and the broker, and removes their files.</summary>
    /// <returns>A task that completes when everything has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_agents.Values.Select(a => a.StopAsync(TimeSpan.FromSeconds(10)))).ConfigureAwait(false);
        foreach (var agent in _agents.Values)
        {
            await agent.DisposeAsync().ConfigureAwait(false);
        }

        _agents.Clear();
        foreach (var tpm in _tpms.Values)
        {
            await tpm.DisposeAsync().ConfigureAwait(false);
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync().ConfigureAwait(false);
            _broker = null;
        }

        foreach (var ca in EndorsementCas)
        {
            ca.Dispose();
        }

        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }

        await _reaper.DisposeAsync().ConfigureAwait(false);
    }

    private async Task StartAgentAsync(string nodeId, SwtpmSimulator tpm, Action<string, string>? onLine, CancellationToken cancellationToken)
    {
        var launch = new NodeAgentProcess.Launch(nodeId, _passwords[nodeId], BrokerAddress, Broker.CaCertificatePath, PlatformPath, PlatformPath is null ? null : nodeId, $"127.0.0.1:{tpm.ServerPort}", Path.Combine(Directory, "nodes", nodeId));
        _agents[nodeId] = await NodeAgentProcess.StartAsync(launch, onLine is null ? null : line => onLine(nodeId, line), cancellationToken).ConfigureAwait(false);
    }
}
