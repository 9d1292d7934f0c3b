using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vedliot.Attestation.Tpm.Transports;

/// <summary>Options for <see cref="SwtpmSimulator"/>.</summary>
public sealed class SwtpmSimulatorOptions
{
    /// <summary>Directory for TPM state and the local CA; a new temporary directory when null (deleted on dispose). Default null.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>
    /// When the working directory already holds a manufactured TPM, start it as it is, so that its EK,
    /// certificates and keys persist across runs (a long-lived emulated node). Default false: every start
    /// manufactures a new TPM.
    /// </summary>
    public bool ReuseManufacturedState { get; set; }

    /// <summary>The swtpm executable. Default <c>swtpm</c> (found on PATH).</summary>
    public string SwtpmPath { get; set; } = "swtpm";

    /// <summary>The swtpm_setup executable. Default <c>swtpm_setup</c>.</summary>
    public string SwtpmSetupPath { get; set; } = "swtpm_setup";

    /// <summary>The certificate tool swtpm_setup invokes. Default <c>/usr/bin/swtpm_localca</c>.</summary>
    public string LocalCaPath { get; set; } = "/usr/bin/swtpm_localca";

    /// <summary>PCR banks to activate, comma-separated. Default <c>sha1,sha256</c>.</summary>
    public string PcrBanks { get; set; } = "sha1,sha256";

    /// <summary>Whether swtpm runs TPM2_Startup(CLEAR) itself (<c>--flags startup-clear</c>); when false the client must send it. Default true.</summary>
    public bool StartupClear { get; set; } = true;

    /// <summary>How long start-up and shutdown may take. Default 20 seconds.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Checks the values.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(SwtpmPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(SwtpmSetupPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(LocalCaPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(PcrBanks);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StartupTimeout, TimeSpan.Zero);
    }
}

/// <summary>
/// An emulated TPM (swtpm, a software TPM; not hardware): manufactures a TPM state with swtpm_setup (EK
/// certificate signed by a local CA, platform certificate) in a private directory, then serves it with
/// <c>swtpm socket</c> on free loopback ports. Nothing is written outside the working directory: HOME and
/// XDG_CONFIG_HOME point into it and swtpm_setup gets explicit configuration files. Disposing shuts swtpm
/// down through its control channel (killing it if it does not exit) and deletes a temporary directory.
/// </summary>
public sealed class SwtpmSimulator : IAsyncDisposable
{
    private readonly SwtpmSimulatorOptions _options;
    private readonly bool _ownsDirectory;
    private const int LaunchAttempts = 5;
    private Process? _process;
    private Task<string>? _stdout;
    private Task<string>? _stderr;

    private SwtpmSimulator(SwtpmSimulatorOptions options, string directory, bool ownsDirectory)
    {
        _options = options;
        Directory = directory;
        _ownsDirectory = ownsDirectory;
    }

    /// <summary>The working directory (state, CA, configuration).</summary>
    public string Directory { get; }

    /// <summary>The TPM command (server) port on 127.0.0.1.</summary>
    public int ServerPort { get; private set; }

    /// <summary>The swtpm control port on 127.0.0.1: always <see cref="ServerPort"/> + 1, which the TSS swtpm TCTI assumes.</summary>
    public int ControlPort { get; private set; }

    /// <summary>Path of the local CA's root certificate (PEM), the trust anchor for EK certificates.</summary>
    public string RootCertificatePath => Path.Combine(Directory, "ca", "swtpm-localca-rootca-cert.pem");

    /// <summary>Path of the local CA's intermediate (issuing) certificate (PEM) that signed the EK certificate.</summary>
    public string IssuerCertificatePath => Path.Combine(Directory, "ca", "issuercert.pem");

    /// <summary>The TSS TCTI configuration string for tpm2-tools (<c>TPM2TOOLS_TCTI</c>).</summary>
    public string Tcti => string.Create(CultureInfo.InvariantCulture, $"swtpm:host=127.0.0.1,port={ServerPort}");

    /// <summary>Manufactures a TPM and starts swtpm.</summary>
    /// <param name="options">Options; defaults when null.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running simulator; dispose it to stop swtpm.</returns>
    public static async Task<SwtpmSimulator> StartAsync(SwtpmSimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SwtpmSimulatorOptions();
        options.Validate();
        var owns = options.WorkingDirectory is null;
        var directory = options.WorkingDirectory ?? System.IO.Directory.CreateTempSubdirectory("vedliot-swtpm-").FullName;
        var simulator = new SwtpmSimulator(options, directory, owns);
        try
        {
            if (!(options.ReuseManufacturedState && File.Exists(Path.Combine(directory, "state", "tpm2-00.permall"))))
            {
                await simulator.ManufactureAsync(cancellationToken).ConfigureAwait(false);
            }

            // The ports are free when picked but another process may bind them before swtpm does: pick again.
            var attempt = 1;
            while (!await simulator.LaunchAsync(lastAttempt: attempt == LaunchAttempts, cancellationToken).ConfigureAwait(false))
            {
                attempt++;
            }

            return simulator;
        }
        catch
        {
            await simulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates a transport to the command port.</summary>
    /// <param name="framing">Framing to use.</param>
    /// <param name="connectionMode">Per-command connections (default; shares swtpm with other clients such as tpm2-tools) or one persistent connection.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>A transport owned by the caller.</returns>
    public Task<SwtpmTcpTransport> ConnectAsync(SwtpmFraming framing = SwtpmFraming.Simulator, SwtpmConnectionMode connectionMode = SwtpmConnectionMode.PerCommand, CancellationToken cancellationToken = default) =>
        SwtpmTcpTransport.ConnectAsync(new SwtpmTcpTransportOptions { Host = "127.0.0.1", Port = ServerPort, Framing = framing, ConnectionMode = connectionMode }, cancellationToken);

    /// <summary>A control-channel client for this instance.</summary>
    /// <returns>The client.</returns>
    public SwtpmControlChannel CreateControlChannel() => new("127.0.0.1", ControlPort);

    /// <summary>Environment variables that make tpm2-tools talk to this instance without touching the user's home.</summary>
    /// <returns>Name/value pairs.</returns>
    public IReadOnlyDictionary<string, string> ToolEnvironment() => new Dictionary<string, string>
    {
        ["TPM2TOOLS_TCTI"] = Tcti,
        ["HOME"] = Directory,
        ["XDG_CONFIG_HOME"] = Path.Combine(Directory, "config"),
    };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            using var timeout = new CancellationTokenSource(_options.StartupTimeout);
            try
            {
                await CreateControlChannel().ShutdownAsync(timeout.Token).ConfigureAwait(false);
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TpmTransportException or OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        if (_stdout is not null && _stderr is not null)
        {
            await Task.WhenAll(_stdout, _stderr).ConfigureAwait(false);
        }

        _process?.Dispose();
        if (_ownsDirectory && System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private async Task ManufactureAsync(CancellationToken cancellationToken)
    {
        var ca = Path.Combine(Directory, "ca");
        var state = Path.Combine(Directory, "state");
        System.IO.Directory.CreateDirectory(ca);
        System.IO.Directory.CreateDirectory(state);
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "config"));
        var localCaConf = Path.Combine(Directory, "swtpm-localca.conf");
        var localCaOptions = Path.Combine(Directory, "swtpm-localca.options");
        var setupConf = Path.Combine(Directory, "swtpm_setup.conf");
        await File.WriteAllTextAsync(localCaConf, $"statedir = {ca}\nsigningkey = {ca}/signkey.pem\nissuercert = {ca}/issuercert.pem\ncertserial = {ca}/certserial\n", cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(localCaOptions, "--platform-manufacturer Vedliot\n--platform-version 2.1\n--platform-model swtpm-emulated\n", cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(setupConf, $"create_certs_tool = {_options.LocalCaPath}\ncreate_certs_tool_config = {localCaConf}\ncreate_certs_tool_options = {localCaOptions}\nactive_pcr_banks = {_options.PcrBanks}\n", cancellationToken).ConfigureAwait(false);

        var setup = CreateStartInfo(_options.SwtpmSetupPath, "--tpm2", "--tpmstate", state, "--config", setupConf, "--create-ek-cert", "--create-platform-cert", "--overwrite", "--pcr-banks", _options.PcrBanks);
        using var process = Process.Start(setup) ?? throw new TpmTransportException("swtpm_setup did not start.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.StartupTimeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new TpmTransportException($"swtpm_setup exited with {process.ExitCode}: {output}");
        }
    }

    // Returns false when swtpm lost a port to another process before binding it (and this is not the last attempt).
    private async Task<bool> LaunchAsync(bool lastAttempt, CancellationToken cancellationToken)
    {
        (ServerPort, ControlPort) = FreeLoopbackPortPair();

        var state = Path.Combine(Directory, "state");
        var start = CreateStartInfo(
            _options.SwtpmPath,
            "socket",
            "--tpm2",
            "--tpmstate",
            $"dir={state}",
            "--server",
            string.Create(CultureInfo.InvariantCulture, $"type=tcp,port={ServerPort},bindaddr=127.0.0.1"),
            "--ctrl",
            string.Create(CultureInfo.InvariantCulture, $"type=tcp,port={ControlPort},bindaddr=127.0.0.1"),
            "--flags",
            _options.StartupClear ? "not-need-init,startup-clear" : "not-need-init");
        _process = Process.Start(start) ?? throw new TpmTransportException("swtpm did not start.");
        // Drain both pipes so swtpm never blocks on a full pipe; awaited on dispose.
        _stdout = _process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        _stderr = _process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.StartupTimeout);
        var control = CreateControlChannel();
        while (true)
        {
            if (_process.HasExited)
            {
                var error = await _stderr.ConfigureAwait(false);
                if (!lastAttempt && error.Contains("Address already in use", StringComparison.Ordinal))
                {
                    await _stdout.ConfigureAwait(false);
                    _process.Dispose();
                    (_process, _stdout, _stderr) = (null, null, null);
                    return false;
                }

                throw new TpmTransportException($"swtpm exited with {_process.ExitCode} during start-up: {error}");
            }

            try
            {
                await control.GetCapabilitiesAsync(timeout.Token).ConfigureAwait(false);
                return true;
            }
            catch (TpmTransportException)
            {
                // Not listening yet: swtpm binds its sockets shortly after it starts.
                await Task.Delay(TimeSpan.FromMilliseconds(10), timeout.Token).ConfigureAwait(false);
            }
        }
    }

    private ProcessStartInfo CreateStartInfo(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["HOME"] = Directory;
        info.Environment["XDG_CONFIG_HOME"] = Path.Combine(Directory, "config");
        return info;
    }

    private static (int Server, int Control) FreeLoopbackPortPair()
    {
        for (var attempt = 0; attempt < 64; attempt++)
        {
            using var first = new TcpListener(IPAddress.Loopback, 0);
            first.Start();
            var port = ((IPEndPoint)first.LocalEndpoint).Port;
            if (port >= 65535)
            {
                continue;
            }

            using var second = new TcpListener(IPAddress.Loopback, port + 1);
            try
            {
                second.Start();
                return (port, port + 1);
            }
            catch (SocketException)
            {
                // port + 1 is taken; try another pair.
            }
            finally
            {
                second.Stop();
                first.Stop();
            }
        }

        throw new TpmTransportException("No free pair of consecutive loopback ports for swtpm.");
    }
}
