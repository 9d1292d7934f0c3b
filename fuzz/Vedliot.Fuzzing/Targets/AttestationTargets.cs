using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Tpm;
using Vedliot.Attestation.Tpm.Commands;
using Vedliot.Attestation.Tpm.Marshalling;
using Vedliot.Attestation.Tpm.Structures;
using Vedliot.Attestation.Tpm.Transports;

namespace Vedliot.Fuzzing.Targets;

/// <summary>
/// Targets in Vedliot.Attestation: TPM responses through the real TpmClient over a transport that answers
/// every command with the input, the TPM structure decoders, and the measurement log reader.
/// </summary>
public static class AttestationTargets
{
    /// <summary>
    /// TPM responses. The mode byte picks the command (modulo <see cref="Commands"/>); the rest is the
    /// response to it. Expected: TpmException, TpmFormatException.
    /// </summary>
    public static FuzzTarget TpmResponse { get; } = new("tpm-response", "TpmClient response parsing and TpmMarshaller decoders (Tpm/)", AttestationSeeds.TpmResponses, RunTpm);

    /// <summary>The measurement log (JSON, Measurement/FORMAT.md). Expected: MeasurementLogFormatException.</summary>
    public static FuzzTarget MeasurementLogRead { get; } = new("measurement-log", "MeasurementLogSerializer.Deserialize (Measurement/)", AttestationSeeds.MeasurementLogs, RunMeasurementLog);

    /// <summary>The commands, by mode byte.</summary>
    public static IReadOnlyList<string> Commands { get; } =
    [
        "GetRandom", "GetPcrBanks", "GetProperties", "GetHandles", "PcrRead", "ReadPublic", "NvReadPublic", "NvRead",
        "Quote", "StartAuthSession", "CreatePrimary", "Startup", "DecodePublicArea", "DecodeSignature", "DecodeQuoteAttestation",
    ];

    /// <summary>Most commands one input may drive (loops such as NV reads in chunks); more is a finding.</summary>
    public const int MaximumCommands = 4096;

    private static string RunTpm(ReadOnlyMemory<byte> input)
    {
        if (input.IsEmpty)
        {
            return "short";
        }

        var command = input.Span[0] % Commands.Count;
        var response = input[1..];
        try
        {
            switch (command)
            {
                case 12:
                    _ = TpmMarshaller.DecodePublicArea(response);
                    return "accepted";
                case 13:
                    _ = TpmMarshaller.DecodeSignature(response);
                    return "accepted";
                case 14:
                    _ = TpmMarshaller.DecodeQuoteAttestation(response);
                    return "accepted";
            }

            var tpm = new TpmClient(new RepeatingTransport(response));
            Execute(tpm, command).GetAwaiter().GetResult();
            return "accepted";
        }
        catch (TpmFormatException ex)
        {
            return Outcome.Rejected(ex);
        }
        catch (TpmException ex)
        {
            return Outcome.Rejected(ex);
        }
    }

    private static Task Execute(TpmClient tpm, int command) => command switch
    {
        0 => tpm.GetRandomAsync(48),
        1 => tpm.GetPcrBanksAsync(),
        2 => tpm.GetPropertiesAsync(TpmPropertyTag.NvBufferMax, 8),
        3 => tpm.GetHandlesAsync(TpmHandles.PersistentFirst),
        4 => tpm.PcrReadAsync(TpmAlgorithm.Sha256, [0, 1, 23]),
        5 => tpm.ReadPublicAsync(TpmHandles.PersistentFirst + 1),
        6 => tpm.NvReadPublicAsync(TpmHandles.RsaEkCertificateNvIndex),
        7 => tpm.NvReadAsync(TpmHandles.RsaEkCertificateNvIndex),
        8 => tpm.QuoteAsync(TpmHandles.TransientFirst + 1, new byte[32], [new PcrSelection(TpmAlgorithm.Sha256, [23])]),
        9 => tpm.StartAuthSessionAsync(TpmSessionType.Policy),
        10 => tpm.CreatePrimaryAsync(TpmHandles.Endorsement, KeyTemplates.RsaEndorsementKey),
        _ => tpm.StartupAsync(),
    };

    private static string RunMeasurementLog(ReadOnlyMemory<byte> input)
    {
        try
        {
            var log = MeasurementLogSerializer.Deserialize(input.Span);
            _ = log.Replay();
            return "accepted";
        }
        catch (MeasurementLogFormatException ex)
        {
            return Outcome.Rejected(ex);
        }
    }

    /// <summary>Answers every command with the same bytes, as a TPM (or a device impersonating one) might.</summary>
    private sealed class RepeatingTransport(ReadOnlyMemory<byte> response) : ITpmTransport
    {
        private int commands;

        public Task<byte[]> ExecuteAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken = default)
        {
            if (++commands > MaximumCommands)
            {
                throw new FuzzFindingException($"tpm-response: one call sent more than {MaximumCommands} commands to the TPM.");
            }

            return Task.FromResult(response.ToArray());
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
