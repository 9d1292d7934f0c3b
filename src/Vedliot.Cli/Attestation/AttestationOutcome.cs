namespace Vedliot.Cli.Attestation;

/// <summary>A node's last verification as <c>vedliot attest</c> stores and prints it.</summary>
internal sealed record AttestationOutcome(string NodeId, string Tpm, bool Trusted, string Failure, string Detail, DateTimeOffset VerifiedAt, IReadOnlyList<LoggedArtefact> Log);

/// <summary>One event of a measurement log.</summary>
internal sealed record LoggedArtefact(int Sequence, string Type, string Name, string Sha256);
