using System.Security.Cryptography;
using Vedliot.Attestation.Attester;
using Vedliot.Attestation.Enrollment;
using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Policy;
using Vedliot.Attestation.Verifier;
using Vedliot.Hosting.Tpm;
using Vedliot.Runtime;

namespace Vedliot.Cli.Attestation;

/// <summary>
/// The node side and the verifier side of attestation run in this process: enroll a node's TPM, measure
/// artefacts into it, quote and verify against a policy. The node agent does the same over MQTT.
/// </summary>
internal sealed class NodeAttestation(AttestationWorkspace workspace, TimeProvider timeProvider)
{
    private static readonly Dictionary<string, ArtefactType> ArtefactNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["model"] = ArtefactType.ModelPartition,
        ["partition"] = ArtefactType.ModelPartition,
        ["bitstream"] = ArtefactType.Bitstream,
        ["agent"] = ArtefactType.NodeAgent,
        ["manifest"] = ArtefactType.DeployManifest,
        ["native"] = ArtefactType.NativeLibrary,
        ["provider"] = ArtefactType.ExecutionProvider,
        ["plugin"] = ArtefactType.Plugin,
    };

    public static IReadOnlyCollection<string> ArtefactTypeNames => ArtefactNames.Keys;

    public static ArtefactType ParseArtefactType(string name) =>
        ArtefactNames.TryGetValue(name, out var type)
            ? type
            : throw new VedliotException($"artefact type '{name}' is unknown; known: {string.Join(", ", ArtefactNames.Keys)}");

    /// <summary>
    /// Opens the node's TPM (see <see cref="NodeTpm.OpenAsync"/>); an emulated TPM keeps its state in the workspace.
    /// The verifier runs here too, so a real TPM needs the CA of its EK certificate (<c>--ca</c>).
    /// </summary>
    public static Task<NodeTpm> OpenTpmAsync(string spec, AttestationWorkspace workspace, IReadOnlyList<string> caFiles, CancellationToken cancellationToken)
    {
        if (spec != NodeTpm.Emulated && caFiles.Count == 0)
        {
            throw new VedliotException($"--tpm {spec}: give the certificates of the CA that signed this TPM's EK certificate with --ca (the TPM vendor's EK CA)");
        }

        return NodeTpm.OpenAsync(spec, workspace.EmulatedTpmDirectory, caFiles, cancellationToken);
    }

    /// <summary>Enrolls the node's TPM (EK certificate chain, then MakeCredential/ActivateCredential for its AK).</summary>
    public async Task<EnrollmentResult> EnrollAsync(NodeTpm tpm, string nodeId, CancellationToken cancellationToken)
    {
        await using var node = await CreateAttesterAsync(tpm, nodeId, cancellationToken);
        var options = new EnrollmentOptions();
        foreach (var ca in tpm.EndorsementCas)
        {
            options.TrustedRoots.Add(ca);
            options.Intermediates.Add(ca);
        }

        var verifier = new EnrollmentVerifier(options, workspace.Enrollments, timeProvider);
        var begin = await verifier.BeginAsync(await node.CreateEnrollmentRequestAsync(cancellationToken), cancellationToken);
        if (!begin.Succeeded)
        {
            return begin;
        }

        return await verifier.CompleteAsync(await node.AnswerEnrollmentAsync(begin.Challenge!, cancellationToken), cancellationToken);
    }

    /// <summary>Measures the artefacts into the node's TPM, then challenges, quotes and verifies.</summary>
    public async Task<(AttestationResult Result, MeasurementLog Log)> VerifyAsync(NodeTpm tpm, string nodeId, IReadOnlyList<(ArtefactType Type, string Path)> artefacts, AttestationPolicy policy, CancellationToken cancellationToken)
    {
        await using var node = await CreateAttesterAsync(tpm, nodeId, cancellationToken);
        foreach (var (type, path) in artefacts)
        {
            await node.MeasureFileAsync(type, Path.GetFileName(path), path, cancellationToken);
        }

        using var verifier = new AttestationVerifier(workspace.Enrollments, policy, new AttestationVerifierOptions(), timeProvider);
        var evidence = await node.QuoteAsync(verifier.CreateChallenge(nodeId), cancellationToken);
        return (await verifier.VerifyAsync(evidence, cancellationToken), evidence.Log);
    }

    /// <summary>A policy that allows exactly the given golden artefacts.</summary>
    public static AttestationPolicy GoldenPolicy(IEnumerable<(ArtefactType Type, string Path)> golden)
    {
        var builder = new AttestationPolicyBuilder();
        foreach (var (type, path) in golden)
        {
            if (!File.Exists(path))
            {
                throw new VedliotException($"{path}: golden artefact not found");
            }

            using var stream = File.OpenRead(path);
            builder.Allow(type, SHA256.HashData(stream));
        }

        return builder.Build();
    }

    private async Task<NodeAttester> CreateAttesterAsync(NodeTpm tpm, string nodeId, CancellationToken cancellationToken)
    {
        if (!NodeIds.IsValid(nodeId))
        {
            throw new VedliotException($"--node '{nodeId}' is not a valid node id (letters, digits, '-', '_' and '.')");
        }

        return await NodeAttester.CreateAsync(tpm.Client, new AttesterOptions { NodeId = nodeId, AttestationKeyPath = workspace.AttestationKeyPath(nodeId) }, cancellationToken);
    }
}
