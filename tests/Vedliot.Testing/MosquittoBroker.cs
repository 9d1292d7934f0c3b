using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Transport;
using Xunit;

namespace Vedliot.Testing;

/// <summary>
/// A real mosquitto for the tests, on free loopback ports, without persistence, its configuration in a temp
/// folder of its own. The default is anonymous with one plain listener; a subclass passes
/// <see cref="MosquittoBrokerOptions"/> for users, an ACL and TLS. The broker is killed and its folder removed on dispose.
/// </summary>
public class MosquittoBroker : IAsyncLifetime
{
    /// <summary>The CN of <see cref="ClientCertificate"/>, which the mutual-TLS listener takes as the user name.</summary>
    public const string ClientCertificateName = "tls-client";

    private const string Host = "127.0.0.1";
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);

    private readonly MosquittoBrokerOptions _options;
    private readonly string _directory = Directory.CreateTempSubdirectory("vedliot-test-mosquitto-").FullName;
    private readonly StringBuilder _log = new();
    private BrokerCertificates? _certificates;
    private Process? _process;
    private int _tlsPort;
    private int _mutualTlsPort;

    /// <summary>An anonymous broker with one plain listener.</summary>
    public MosquittoBroker()
        : this(new MosquittoBrokerOptions())
    {
    }

    /// <summary>A broker as <paramref name="options"/> describe (xunit fixtures take one public constructor, so this one is for subclasses).</summary>
    protected MosquittoBroker(MosquittoBrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>The plain MQTT listener's port.</summary>
    public int Port { get; private set; }

    /// <summary>The TLS listener's port.</summary>
    public int TlsPort => _options.Tls ? _tlsPort : throw NoTls();

    /// <summary>The mutual-TLS listener's port.</summary>
    public int MutualTlsPort => _options.Tls ? _mutualTlsPort : throw NoTls();

    /// <summary>A client certificate (CN <see cref="ClientCertificateName"/>) from the broker's CA.</summary>
    public X509Certificate2 ClientCertificate => Certificates.Client;

    /// <summary>A client certificate with the same CN from a CA the broker does not trust.</summary>
    public X509Certificate2 UntrustedClientCertificate => Certificates.UntrustedClient;

    /// <summary>What mosquitto has logged so far (connections, disconnections, errors).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    private BrokerCertificates Certificates => _certificates ?? throw NoTls();

    private string ConfigPath => Path.Combine(_directory, "mosquitto.conf");

    /// <summary>Options for a test client of the plain listener: logged in as the first user if there are users, no automatic reconnect.</summary>
    public MqttClientOptions Options(string clientId, MqttProtocolVersion version = MqttProtocolVersion.V500) => new()
    {
        Host = Host,
        Port = Port,
        ClientId = clientId,
        ProtocolVersion = version,
        UserName = _options.Users.Count > 0 ? _options.Users[0].Name : null,
        Password = _options.Users.Count > 0 ? Encoding.UTF8.GetBytes(_options.Users[0].Password) : null,
        Reconnect = { Enabled = false },
        MaximumPacketSize = 64 << 20,
    };

    /// <summary>TLS options that trust the broker's CA and expect <paramref name="targetHost"/> in its certificate.</summary>
    public MqttTlsOptions TlsOptions(string targetHost = "localhost")
    {
        var tls = new MqttTlsOptions { TargetHost = targetHost };
        tls.TrustedRootCertificates.Add(Certificates.Ca);
        return tls;
    }

    /// <summary>Writes the configuration and starts the broker.</summary>
    public async Task InitializeAsync()
    {
        await WritePasswordFileAsync();
        if (_options.Acl is { } acl)
        {
            await File.WriteAllTextAsync(Path.Combine(_directory, "acl"), acl);
        }

        if (_options.Tls)
        {
            _certificates = BrokerCertificates.Create(_directory, ClientCertificateName);
        }

        // A free port is only free until someone else binds it: pick again if mosquitto lost that race.
        for (var attempt = 1; ; attempt++)
        {
            var ports = FreePorts(_options.Tls ? 3 : 1);
            (Port, _tlsPort, _mutualTlsPort) = (ports[0], ports.ElementAtOrDefault(1), ports.ElementAtOrDefault(2));
            await File.WriteAllTextAsync(ConfigPath, Configuration());
            var failure = await LaunchAsync();
            if (failure is null)
            {
                return;
            }

            if (attempt == 3 || !failure.Contains("Address already in use", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"mosquitto exited during start-up:\n{failure}");
            }
        }
    }

    /// <summary>Starts the broker again, with the same configuration and ports, after <see cref="KillAsync"/>.</summary>
    public async Task StartAsync()
    {
        if (await LaunchAsync() is { } failure)
        {
            throw new InvalidOperationException($"mosquitto exited during start-up:\n{failure}");
        }
    }

    /// <summary>Kills the broker abruptly: clients see their connections drop.</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    /// <summary>Kills the broker and removes its folder.</summary>
    public async Task DisposeAsync()
    {
        await KillAsync();
        _certificates?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Starts mosquitto and waits until it reports running; returns null then, or what it logged if it exited instead.</summary>
    private async Task<string?> LaunchAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("mosquitto is already running.");
        }

        int logStart;
        lock (_log)
        {
            logStart = _log.Length;
        }

        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process
        {
            StartInfo = new ProcessStartInfo("mosquitto", ["-c", ConfigPath]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false },
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_log)
            {
                _log.AppendLine(e.Data);
            }

            if (e.Data.Contains(" running", StringComparison.Ordinal))
            {
                running.TrySetResult();
            }
        };
        Start(process, "mosquitto");
        _process = process;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        // WaitForExitAsync also waits for the redirected output, so an early exit's reason is in the log.
        var exited = process.WaitForExitAsync();
        try
        {
            if (await Task.WhenAny(running.Task, exited).WaitAsync(StartupTimeout) == running.Task)
            {
                return null;
            }
        }
        catch (TimeoutException)
        {
            await KillAsync();
            throw new TimeoutException($"mosquitto did not report running within {StartupTimeout}:\n{Log}");
        }

        _process = null;
        process.Dispose();
        lock (_log)
        {
            return _log.ToString(logStart, _log.Length - logStart);
        }
    }

    private string Configuration()
    {
        var config = new StringBuilder();
        if (Environment.UserName == "root")
        {
            config.AppendLine("user root"); // mosquitto drops root to 'mosquitto', who cannot read the temp folder
        }

        config.AppendLine(CultureInfo.InvariantCulture, $"""
            per_listener_settings false
            allow_anonymous {(_options.Users.Count == 0 ? "true" : "false")}
            persistence false
            log_dest stderr
            log_type error
            log_type warning
            log_type notice
            log_type information
            """);
        if (_options.Users.Count > 0)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"password_file {Path.Combine(_directory, "passwd")}");
        }

        if (_options.Acl is not null)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"acl_file {Path.Combine(_directory, "acl")}");
        }

        if (_options.MaximumPacketSize is { } maximumPacketSize)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"max_packet_size {maximumPacketSize}");
        }

        config.AppendLine(CultureInfo.InvariantCulture, $"listener {Port} {Host}");
        if (_options.Tls)
        {
            var certificates = $"""
                cafile {Path.Combine(_directory, "ca.crt")}
                certfile {Path.Combine(_directory, "server.crt")}
                keyfile {Path.Combine(_directory, "server.key")}
                """;
            config.AppendLine(CultureInfo.InvariantCulture, $"listener {_tlsPort} {Host}");
            config.AppendLine(certificates);
            config.AppendLine(CultureInfo.InvariantCulture, $"listener {_mutualTlsPort} {Host}");
            config.AppendLine(certificates);
            config.AppendLine("require_certificate true");
            config.AppendLine("use_identity_as_username true");
        }

        return config.ToString();
    }

    private async Task WritePasswordFileAsync()
    {
        var passwords = Path.Combine(_directory, "passwd");
        foreach (var (name, password) in _options.Users)
        {
            using var process = new Process
            {
                StartInfo = new ProcessStartInfo("mosquitto_passwd", File.Exists(passwords) ? ["-b", passwords, name, password] : ["-b", "-c", passwords, name, password])
                {
                    RedirectStandardError = true,
                    RedirectStandardOutput = true,
                    UseShellExecute = false,
                },
            };
            Start(process, "mosquitto_passwd");
            var error = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"mosquitto_passwd failed for user '{name}' ({process.ExitCode}): {await error}");
            }
        }
    }

    private static void Start(Process process, string program)
    {
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{program} could not be started ({e.Message}); install Debian's mosquitto package (./eng/bootstrap.sh does).", e);
        }
    }

    private static InvalidOperationException NoTls() => new("This broker has no TLS listeners (MosquittoBrokerOptions.Tls), or is not started yet.");

    /// <summary>Ports free on loopback now, all different (each is held until all are picked).</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Dispose());
        }
    }
}
