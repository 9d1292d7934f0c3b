using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Vedliot.Attestation.Tpm.Commands;
using Vedliot.Attestation.Tpm.Transports;
using Vedliot.Runtime;

namespace Vedliot.Cli.Attestation;

/// <summary>
/// The TPM of the node that <c>vedliot attest</c> acts for: the kernel's resource manager
/// (<c>/dev/tpmrm0</c>), a TPM simulator on <c>HOST:PORT</c>, or an emulated TPM (swtpm) whose state
/// persists in the workspace, so that the same node keeps its EK and AK across runs.
/// </summary>
internal sealed class NodeTpm : IAsyncDisposable
{
    public const string Emulated = "emulated";

    private readonly SwtpmSimulator? _simulator;

    private NodeTpm(TpmClient client, string description, IReadOnlyList<X509Certificate2> endorsementCas, SwtpmSimulator? simulator)
    {
        Client = client;
        Description = description;
        EndorsementCas = endorsementCas;
        _simulator = simulator;
    }

    public TpmClient Client { get; }

    /// <summary>What the TPM is, e.g. <c>emulated (swtpm, state in …)</c>; emulated TPMs say so.</summary>
    public string Description { get; }

    /// <summary>The CA certificates that EK certificates of this TPM chain to.</summary>
    public IReadOnlyList<X509Certificate2> EndorsementCas { get; }

    public static async Task<NodeTpm> OpenAsync(string spec, AttestationWorkspace workspace, IReadOnlyList<string> caFiles, CancellationToken cancellationToken)
    {
        var cas = caFiles.Select(LoadCertificate).ToList();
        if (spec == Emulated)
        {
            var directory = workspace.EmulatedTpmDirectory;
            Directory.CreateDirectory(directory);
            var simulator = await SwtpmSimulator.StartAsync(new SwtpmSimulatorOptions { WorkingDirectory = directory, ReuseManufacturedState = true }, cancellationToken);
            try
            {
                cas.Add(X509CertificateLoader.LoadCertificateFromFile(simulator.RootCertificatePath));
                cas.Add(X509CertificateLoader.LoadCertificateFromFile(simulator.IssuerCertificatePath));
                return new NodeTpm(new TpmClient(await simulator.ConnectAsync(cancellationToken: cancellationToken)), $"emulated (swtpm, state in {directory})", cas, simulator);
            }
            catch
            {
                await simulator.DisposeAsync();
                throw;
            }
        }

        if (cas.Count == 0)
        {
            throw new VedliotException($"--tpm {spec}: give the certificates of the CA that signed this TPM's EK certificate with --ca (the TPM vendor's EK CA)");
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

        var transport = await SwtpmTcpTransport.ConnectAsync(new SwtpmTcpTransportOptions { Host = spec[..colon], Port = port }, cancellationToken);
        return new NodeTpm(new TpmClient(transport), $"TPM simulator at {spec}", cas, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_simulator is not null)
        {
            // The emulated TPM's state is kept; an orderly shutdown stops each run counting as a power
            // loss against dictionary-attack protection, which would lock the TPM out after a few runs.
            await Client.ShutdownAsync();
        }

        await Client.DisposeAsync();
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
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
