using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Vedliot.Attestation.Attester;
using Vedliot.Attestation.Enrollment;
using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Policy;
using Vedliot.Attestation.Tpm.Commands;
using Vedliot.Attestation.Tpm.Transports;
using Vedliot.Attestation.Verifier;

namespace Vedliot.Attestation.Tests.Infrastructure;

/// <summary>
/// A node on an swtpm of its own whose state folder outlives swtpm: the TPM can be stopped, started again
/// (a TPM Reset, as at a reboot), snapshotted while stopped and restored from the snapshot. The verifier side's
/// enrollment store is a folder too, so verifiers created one after another share it.
/// </summary>
public sealed class RestartableNode : IAsyncDisposable
{
    public const string NodeId = "node-r";

    private readonly TestData.TempDirectory _directory = new();
    private SwtpmSimulator? _simulator;

    private RestartableNode(FakeTimeProvider time, AttestationPolicy policy)
    {
        Time = time;
        Policy = policy;
        Store = new FileEnrollmentStore(StoreDirectory);
    }

    public string StoreDirectory => Path.Combine(_directory.Path, "verifier");

    public FakeTimeProvider Time { get; }

    public AttestationPolicy Policy { get; }

    public FileEnrollmentStore Store { get; }

    public TpmClient Tpm { get; private set; } = null!;

    public NodeAttester Node { get; private set; } = null!;

    public SwtpmSimulator Simulator => _simulator ?? throw new InvalidOperationException("The TPM is stopped.");

    private string TpmDirectory => Path.Combine(_directory.Path, "tpm");

    private string SnapshotDirectory => Path.Combine(_directory.Path, "snapshot");

    /// <summary>Manufactures the TPM, starts the node and enrolls it.</summary>
    public static async Task<RestartableNode> StartEnrolledAsync()
    {
        var policy = new AttestationPolicyBuilder().Allow(ArtefactType.NodeAgent, TestData.Sha256(AttestationScenario.AgentBinary)).Build();
        var node = new RestartableNode(new FakeTimeProvider(), policy);
        await node.StartTpmAsync();
        var root = X509CertificateLoader.LoadCertificateFromFile(node.Simulator.RootCertificatePath);
        node.Time.SetUtcNow(root.NotBefore.ToUniversalTime() + TimeSpan.FromHours(1));
        var options = new EnrollmentOptions();
        options.TrustedRoots.Add(root);
        options.Intermediates.Add(X509CertificateLoader.LoadCertificateFromFile(node.Simulator.IssuerCertificatePath));
        var enrollment = new EnrollmentVerifier(options, node.Store, node.Time);
        var begin = await enrollment.BeginAsync(await node.Node.CreateEnrollmentRequestAsync());
        Assert.True(begin.Succeeded, begin.Detail);
        var enrolled = await enrollment.CompleteAsync(await node.Node.AnswerEnrollmentAsync(begin.Challenge!));
        Assert.True(enrolled.Succeeded, enrolled.Detail);
        return node;
    }

    public AttestationVerifier CreateVerifier() => new(Store, Policy, new AttestationVerifierOptions(), Time);

    /// <summary>Challenge, quote, verify.</summary>
    public async Task<AttestationResult> AttestAsync(AttestationVerifier verifier) =>
        await verifier.VerifyAsync(await Node.QuoteAsync(verifier.CreateChallenge(NodeId)));

    /// <summary>Stops swtpm (its state stays in its folder).</summary>
    public async Task StopTpmAsync()
    {
        await Node.DisposeAsync();
        await Tpm.DisposeAsync();
        await Simulator.DisposeAsync();
        _simulator = null;
    }

    /// <summary>Starts swtpm on its kept state (TPM2_Startup(CLEAR): a TPM Reset) and the node agent on it, which measures itself.</summary>
    public async Task StartTpmAsync()
    {
        _simulator = await SwtpmSimulator.StartAsync(new SwtpmSimulatorOptions { WorkingDirectory = TpmDirectory, ReuseManufacturedState = true });
        Tpm = new TpmClient(await _simulator.ConnectAsync());
        Node = await NodeAttester.CreateAsync(Tpm, new AttesterOptions { NodeId = NodeId, AttestationKeyPath = Path.Combine(_directory.Path, "ak.blob") });
        await Node.MeasureAsync(ArtefactType.NodeAgent, "vedliot-node", AttestationScenario.AgentBinary);
    }

    public async Task RestartTpmAsync()
    {
        await StopTpmAsync();
        await StartTpmAsync();
    }

    /// <summary>Copies the stopped TPM's state folder aside.</summary>
    public void Snapshot()
    {
        Assert.Null(_simulator);
        Copy(Path.Combine(TpmDirectory, "state"), SnapshotDirectory);
    }

    /// <summary>Puts the snapshot back in place of the stopped TPM's state.</summary>
    public void Restore()
    {
        Assert.Null(_simulator);
        Directory.Delete(Path.Combine(TpmDirectory, "state"), recursive: true);
        Copy(SnapshotDirectory, Path.Combine(TpmDirectory, "state"));
    }

    /// <summary>Advances the TPM's clock by <paramref name="by"/> with tpm2_setclock (TPM2_ClockSet never sets it back).</summary>
    public async Task AdvanceTpmClockAsync(TimeSpan by)
    {
        var tools = new Tpm2Tools(Simulator, Tpm, _directory.Path);
        var read = await tools.RunAsync("tpm2_readclock");
        var line = read.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("clock:", StringComparison.Ordinal));
        var clock = ulong.Parse(line["clock:".Length..].Trim(), CultureInfo.InvariantCulture);
        await tools.RunAsync("tpm2_setclock", (clock + (ulong)by.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        if (_simulator is not null)
        {
            await StopTpmAsync();
        }

        _directory.Dispose();
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }
}
