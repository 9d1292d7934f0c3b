using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Vedliot.Attestation.Tpm.Commands;
using Vedliot.Attestation.Tpm.Transports;
using Vedliot.Runtime;

namespace Vedliot.Hosting.Tpm;

/// <summary>
/// The TPM of a node: the kernel's resource manager (<c>/dev/tpmrm0</c>), a TPM simulator on
/// <c>HOST:PORT</c>, or an emulated TPM (swtpm) whose state persists in a directory, so that the same node
/// keeps its EK and AK across runs. An emulated TPM is labelled as such in <see cref="Description"/>.
/// Disposing it sends TPM2_Shutdown to an emulated TPM and stops swtpm.
/// </summary>
public sealed class NodeTpm : IAsyncDisposable
{
    /// <summary>The spec that asks for an emulated TPM (swtpm) with its state kept.</summary>
    public const string Emulated = "emulated";

    private readonly SwtpmSimulator? _simulator;

    private NodeTpm(TpmClient client, string description, IReadOnlyList<X509Certificate2> endorsementCas, SwtpmSimulator? simulator)
    {
        Client = client;
        Description = description;
        EndorsementCas = endorsementCas;
        _simulator = simulator;
    }

    /// <summary>The TPM command client; owned by this object.</summary>
    public TpmClient Client { get; }

    /// <summary>What the TPM is, e.g. <c>/dev/tpmrm0</c> or <c>emulated (swtpm, state in …)</c>; emulated TPMs say so.</summary>
    public string Description { get; }

    /// <summary>Whether this is an emulated TPM (swtpm started here).</summary>
    public bool IsEmulated => _simulator is not null;

    /// <summary>The CA certificates that EK certificates of this TPM chain to.</summary>
    public IReadOnlyList<X509Certificate2> EndorsementCas { get; }

    /// <summary>Opens the TPM that <paramref name="spec"/> names.</summary>
    /// <param name="spec"><see cref="Emulated"/>, a device path such as <c>/dev/tpmrm0</c>, or <c>HOST:PORT</c> of a TPM simulator.</param>
    /// <param name="emulatedStateDirectory">Where an emulated TPM keeps its state (created when missing); unused for other specs.</param>
    /// <param name="caFiles">
    /// Certificates (PEM or DER) of the CA that signed the TPM's EK certificate, kept in <see cref="EndorsementCas"/>
    /// for whoever checks the EK certificate (an emulated TPM adds its own local CA).
    /// </param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The TPM; dispose it when done.</returns>
    /// <exception cref="VedliotException">The spec is malformed, or a CA file is missing or unreadable.</exception>
    /// <exception cref="TpmTransportException">The TPM cannot be reached.</exception>
    public static async Task<NodeTpm> OpenAsync(string spec, string emulatedStateDirectory, IReadOnlyList<string> caFiles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(emulatedStateDirectory);
        ArgumentNullException.ThrowIfNull(caFiles);
        var cas = caFiles.Select(LoadCertificate).ToList();
        if (spec == Emulated)
        {
            Directory.CreateDirectory(emulatedStateDirectory);
            var simulator = await SwtpmSimulator.StartAsync(new SwtpmSimulatorOptions { WorkingDirectory = emulatedStateDirectory, ReuseManufacturedState = true }, cancellationToken).ConfigureAwait(false);
            try
            {
                cas.Add(X509CertificateLoader.LoadCertificateFromFile(simulator.RootCertificatePath));
                cas.Add(X509CertificateLoader.LoadCertificateFromFile(simulator.IssuerCertificatePath));
                var transport = await simulator.ConnectAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                return new NodeTpm(new TpmClient(transport), $"emulated (swtpm, state in {emulatedStateDirectory})", cas, simulator);
            }
            catch
            {
                await simulator.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        if (spec.StartsWith('/'))
        {
            return new NodeTpm(new TpmClient(LinuxTpmDeviceTransport.Open(spec)), spec, cas, null);
        }

        var colon = spec.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(spec[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new VedliotException($"--tpm '{spec}': expected '{Emulated}', a device such as /dev/tpmrm0, or HOST:PORT of a TPM simulator");
        }

        var simulatorTransport = await SwtpmTcpTransport.ConnectAsync(new SwtpmTcpTransportOptions { Host = spec[..colon], Port = port }, cancellationToken).ConfigureAwait(false);
        return new NodeTpm(new TpmClient(simulatorTransport), $"TPM simulator at {spec}", cas, null);
    }

    /// <summary>Sends TPM2_Shutdown to an emulated TPM (unless swtpm has already exited), closes the client and stops swtpm.</summary>
    /// <returns>A task that completes when everything is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_simulator is not null)
        {
            // The emulated TPM's state is kept; an orderly shutdown stops each run counting as a power
            // loss against dictionary-attack protection, which would lock the TPM out after a few runs.
            try
            {
                await Client.ShutdownAsync().ConfigureAwait(false);
            }
            catch (TpmTransportException)
            {
                // swtpm is gone already (e.g. Ctrl-C in a terminal reaches the whole process group): nothing to shut down.
            }
        }

        await Client.DisposeAsync().ConfigureAwait(false);
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static X509Certificate2 LoadCertificate(string path)
    {
        if (!File.Exists(path))
        {
            throw new VedliotException($"{path}: CA certificate file not found");
        }

        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new VedliotException($"{path}: not a certificate (PEM or DER): {e.Message}");
        }
    }
}
