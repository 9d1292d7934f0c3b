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

/// <summary>A node attester on an emulated TPM plus a verifier trusting the node TPM's local CA, with a fake clock.</summary>
public sealed class AttestationScenario : IAsyncDisposable
{
    public static readonly byte[] AgentBinary = TestData.Bytes(1, 8192);
    public static readonly byte[] Manifest = TestData.Bytes(2, 512);
    public static readonly byte[] ModelPartition = TestData.Bytes(3, 16384);
    public static readonly byte[] Bitstream = TestData.Bytes(4, 4096);

    private AttestationScenario(SwtpmSimulator simulator, FakeTimeProvider time, TestData.TempDirectory directory, TpmClient tpm)
    {
        Simulator = simulator;
        Time = time;
        Directory = directory;
        Tpm = tpm;
        Store = new FileEnrollmentStore(Path.Combine(directory.Path, "enrollments"));
        Policy = new AttestationPolicyBuilder()
            .Allow(ArtefactType.NodeAgent, TestData.Sha256(AgentBinary))
            .Allow(ArtefactType.DeployManifest, TestData.Sha256(Manifest))
            .Allow(ArtefactType.ModelPartition, TestData.Sha256(ModelPartition))
            .Allow(ArtefactType.Bitstream, TestData.Sha256(Bitstream))
            .Build();
        Verifier = new AttestationVerifier(Store, Policy, new AttestationVerifierOptions(), time);
    }

    public SwtpmSimulator Simulator { get; }

    public FakeTimeProvider Time { get; }

    public TestData.TempDirectory Directory { get; }

    public TpmClient Tpm { get; }

    public NodeAttester Node { get; private set; } = null!;

    public FileEnrollmentStore Store { get; }

    public AttestationPolicy Policy { get; }

    public AttestationVerifier Verifier { get; }

    public EnrollmentVerifier Enrollment { get; private set; } = null!;

    public string AkPath => Path.Combine(Directory.Path, "ak.blob");

    /// <summary>Starts a node on <paramref name="simulator"/> whose verifier trusts <paramref name="trustedCa"/>'s local CA (default: the node's own).</summary>
    public static async Task<AttestationScenario> StartAsync(SwtpmSimulator simulator, string nodeId = "node-a", SwtpmSimulator? trustedCa = null, TimeSpan? clockOffsetFromCaCreation = null)
    {
        var root = X509CertificateLoader.LoadCertificateFromFile((trustedCa ?? simulator).RootCertificatePath);
        var time = new FakeTimeProvider(root.NotBefore.ToUniversalTime() + (clockOffsetFromCaCreation ?? TimeSpan.FromHours(1)));
        var scenario = new AttestationScenario(simulator, time, new TestData.TempDirectory(), new TpmClient(await simulator.ConnectAsync()));
        var options = new EnrollmentOptions();
        options.TrustedRoots.Add(root);
        options.Intermediates.Add(X509CertificateLoader.LoadCertificateFromFile((trustedCa ?? simulator).IssuerCertificatePath));
        scenario.Enrollment = new EnrollmentVerifier(options, scenario.Store, time);
        scenario.Node = await NodeAttester.CreateAsync(scenario.Tpm, new AttesterOptions { NodeId = nodeId, AttestationKeyPath = scenario.AkPath });
        return scenario;
    }

    /// <summary>Starts a node on <paramref name="simulator"/> and enrolls it.</summary>
    public static async Task<AttestationScenario> StartEnrolledAsync(SwtpmSimulator simulator)
    {
        var scenario = await StartAsync(simulator);
        var enrolled = await scenario.EnrollAsync();
        Assert.True(enrolled.Succeeded, enrolled.Detail);
        return scenario;
    }

    /// <summary>Runs the full enrollment protocol for the node.</summary>
    public async Task<EnrollmentResult> EnrollAsync()
    {
        var begin = await Enrollment.BeginAsync(await Node.CreateEnrollmentRequestAsync());
        if (!begin.Succeeded)
        {
            return begin;
        }

        var answer = await Node.AnswerEnrollmentAsync(begin.Challenge!);
        return await Enrollment.CompleteAsync(answer);
    }

    public async Task MeasureGoldenArtefactsAsync()
    {
        await Node.MeasureAsync(ArtefactType.NodeAgent, "vedliot-node", AgentBinary);
        await Node.MeasureAsync(ArtefactType.DeployManifest, "deploy.yaml", Manifest);
        await Node.MeasureAsync(ArtefactType.ModelPartition, "stage-0.onnx", ModelPartition);
    }

    /// <summary>Challenge, quote, verify.</summary>
    public async Task<AttestationResult> AttestAsync()
    {
        var challenge = Verifier.CreateChallenge(Node.NodeId);
        return await Verifier.VerifyAsync(await Node.QuoteAsync(challenge));
    }

    /// <summary>Replaces the node's attester (e.g. after deleting its AK file), flushing the old one's keys.</summary>
    public async Task RestartNodeAsync(string? nodeId = null)
    {
        var id = nodeId ?? Node.NodeId;
        await Node.DisposeAsync();
        Node = await NodeAttester.CreateAsync(Tpm, new AttesterOptions { NodeId = id, AttestationKeyPath = AkPath });
    }

    public async ValueTask DisposeAsync()
    {
        if (Node is not null)
        {
            await Node.DisposeAsync();
        }

        var leftovers = await Tpm.GetHandlesAsync(Vedliot.Attestation.Tpm.Structures.TpmHandles.TransientFirst);
        await Tpm.DisposeAsync();
        Verifier.Dispose();
        Directory.Dispose();
        Assert.Empty(leftovers);
    }
}
