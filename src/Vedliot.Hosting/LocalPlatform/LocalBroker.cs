using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Vedliot.Runtime;

namespace Vedliot.Hosting.LocalPlatform;

/// <summary>
/// A mosquitto broker for a deployment on this machine, configured as one on a network would be: one
/// MQTT 5 listener with TLS on a free loopback port (certificate from a CA made for it), no anonymous
/// access, a password per user, and an ACL under which each node may speak only under its own topics
/// (<c>vedliot/nodes/{node}/#</c>), on pipeline traffic and on the apps' topics (see <see cref="DeploymentAcl"/>).
/// Files live in a directory it is given.
/// </summary>
public sealed class LocalBroker : IAsyncDisposable
{
    private readonly string _configPath;
    private ChildProcess? _process;

    private LocalBroker(string directory, int port)
    {
        Directory = directory;
        Port = port;
        _configPath = Path.Combine(directory, "mosquitto.conf");
    }

    /// <summary>Where its configuration, passwords, ACL and certificates are.</summary>
    public string Directory { get; }

    /// <summary>The address it listens on: loopback only.</summary>
    public static string Host => "127.0.0.1";

    /// <summary>The port it listens on (TLS).</summary>
    public int Port { get; }

    /// <summary>The CA certificate (PEM) the broker's TLS certificate chains to.</summary>
    public string CaCertificatePath => Path.Combine(Directory, "ca.crt");

    /// <summary>Writes the configuration for <paramref name="users"/> (name → password) and starts the broker.</summary>
    /// <param name="directory">Where its files go (created).</param>
    /// <param name="users">Every user and password.</param>
    /// <param name="acl">The ACL file's text.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    public static async Task<LocalBroker> StartAsync(string directory, IReadOnlyDictionary<string, string> users, string acl, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(directory);
        var passwords = Path.Combine(directory, "passwd");
        PrivateFiles.WriteAllText(passwords, string.Empty);
        foreach (var (user, password) in users)
        {
            using var passwd = Process.Start(new ProcessStartInfo("mosquitto_passwd", ["-b", passwords, user, password]) { UseShellExecute = false, RedirectStandardError = true })
                ?? throw new VedliotException("mosquitto_passwd could not be started (run ./eng/bootstrap.sh)");
            await passwd.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (passwd.ExitCode != 0)
            {
                throw new VedliotException($"mosquitto_passwd failed for user '{user}': {await passwd.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false)}");
            }
        }

        PrivateFiles.Restrict(passwords); // mosquitto_passwd rewrites it
        PrivateFiles.WriteAllText(Path.Combine(directory, "acl"), acl);
        LocalCertificateAuthority.WriteBrokerCertificates(directory);
        var broker = new LocalBroker(directory, FreePort());
        var config = new StringBuilder();
        if (Environment.UserName == "root")
        {
            config.AppendLine("user root"); // mosquitto drops root to 'mosquitto', who cannot read these files
        }

        // set_tcp_nodelay: without it, small QoS 1 messages between stages wait out Nagle's algorithm
        // against delayed acknowledgements (about 40 ms a hop).
        config.Append(CultureInfo.InvariantCulture, $"""
            per_listener_settings false
            allow_anonymous false
            persistence false
            set_tcp_nodelay true
            password_file {passwords}
            acl_file {Path.Combine(directory, "acl")}
            log_dest stderr
            log_type error
            log_type warning
            log_type notice
            log_type information
            listener {broker.Port} 127.0.0.1
            cafile {broker.CaCertificatePath}
            certfile {Path.Combine(directory, "server.crt")}
            keyfile {Path.Combine(directory, "server.key")}

            """);
        PrivateFiles.WriteAllText(broker._configPath, config.ToString());
        await broker.StartAsync(cancellationToken).ConfigureAwait(false);
        return broker;
    }

    /// <summary>Starts the broker again on the same port after <see cref="KillAsync"/> (its sessions and retained messages are gone).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _process = await ChildProcess.StartAsync("mosquitto", new ProcessStartInfo("mosquitto", ["-c", _configPath]), line => line.Contains(" running", StringComparison.Ordinal), TimeSpan.FromSeconds(20), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Kills the broker abruptly (clients see their connections drop).</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops the broker (SIGTERM, then SIGKILL after 5 s).</summary>
    /// <returns>A task that completes when it has exited.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            await process.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The ACL of a deployment: the orchestrator everywhere; each app on its own topics, and reading the retained
    /// pipeline notices (<c>{root}/pipelines/+/notice</c>) that tell its client where pipelines stand; each node
    /// under its own topics (<c>{root}/nodes/{node}/#</c>), on pipeline traffic (<c>{root}/pipelines/#</c>) and on every
    /// app's topics, since the first stage reads the app's requests and the last answers there (or on the app's
    /// response topic, which lies among its topics too). Rights are given per user, never by pattern, so that
    /// neither an app nor a node gets what the other kind has.
    /// </summary>
    /// <param name="orchestrator">The orchestrator's user.</param>
    /// <param name="apps">Each app's user and the topic filter it may use (e.g. <c>vedliot/smart-home/#</c>).</param>
    /// <param name="nodes">The nodes' users (their node ids).</param>
    /// <param name="topicRoot">The deployment protocol's topic root.</param>
    /// <param name="appOwnTopics">Topic filters an app uses besides its pipelines' (a manifest's <c>app_topics</c>, e.g. <c>homeassistant/#</c>), granted to that app only.</param>
    /// <returns>The text of a mosquitto <c>acl_file</c>.</returns>
    public static string DeploymentAcl(string orchestrator, IReadOnlyDictionary<string, string> apps, IReadOnlyList<string> nodes, string topicRoot = "vedliot", IReadOnlyDictionary<string, IReadOnlyList<string>>? appOwnTopics = null)
    {
        ArgumentNullException.ThrowIfNull(apps);
        ArgumentNullException.ThrowIfNull(nodes);
        var acl = new StringBuilder();
        acl.AppendLine(CultureInfo.InvariantCulture, $"user {orchestrator}\ntopic readwrite #\n");
        foreach (var (app, topics) in apps)
        {
            acl.AppendLine(CultureInfo.InvariantCulture, $"user {app}\ntopic readwrite {topics}");
            foreach (var own in appOwnTopics?.GetValueOrDefault(app) ?? [])
            {
                acl.AppendLine(CultureInfo.InvariantCulture, $"topic readwrite {own}");
            }

            acl.AppendLine(CultureInfo.InvariantCulture, $"topic read {topicRoot}/pipelines/+/notice\n");
        }

        foreach (var node in nodes)
        {
            acl.AppendLine(CultureInfo.InvariantCulture, $"user {node}\ntopic readwrite {topicRoot}/nodes/{node}/#\ntopic readwrite {topicRoot}/pipelines/#");
            foreach (var topics in apps.Values.Distinct(StringComparer.Ordinal))
            {
                acl.AppendLine(CultureInfo.InvariantCulture, $"topic readwrite {topics}");
            }

            acl.AppendLine();
        }

        return acl.ToString();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
