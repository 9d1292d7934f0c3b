using System.Buffers.Binary;
using System.Security.Cryptography;
using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Tpm;
using Vedliot.Attestation.Tpm.Marshalling;
using Vedliot.Attestation.Tpm.Structures;

namespace Vedliot.Fuzzing.Targets;

/// <summary>Seed inputs for the Attestation targets: well-formed TPM responses and measurement logs.</summary>
public static class AttestationSeeds
{
    private const ushort NoSessions = 0x8001;
    private const ushort Sessions = 0x8002;

    /// <summary>One well-formed response per command (behind its mode byte), and an error response.</summary>
    /// <returns>The seeds.</returns>
    public static IReadOnlyList<byte[]> TpmResponses()
    {
        var publicArea = TpmMarshaller.EncodePublicArea(KeyTemplates.RsaAttestationKey);
        var name = Convert.FromHexString("000B" + new string('A', 64));
        var attest = TpmMarshaller.EncodeQuoteAttestation(new TpmQuoteAttestation(
            TpmMarshaller.TpmGeneratedValue,
            TpmStructureTag.AttestQuote,
            name,
            new byte[32],
            new TpmClockInfo(1000, 1, 0, true),
            1,
            [new PcrSelection(TpmAlgorithm.Sha256, [23])],
            new byte[32]));
        var signature = TpmMarshaller.EncodeSignature(new TpmSignature(TpmAlgorithm.RsaSsa, TpmAlgorithm.Sha256, new byte[256]));
        var nvPublic = new TpmWriter();
        nvPublic.WriteUInt32(TpmHandles.RsaEkCertificateNvIndex);
        nvPublic.WriteUInt16((ushort)TpmAlgorithm.Sha256);
        nvPublic.WriteUInt32(0x62072001);
        nvPublic.WriteSized([]);
        nvPublic.WriteUInt16(100);

        return
        [
            Mode(0, Response(NoSessions, [], w => w.WriteSized(new byte[48]))),
            Mode(1, Response(NoSessions, [], w => Capability(w, TpmCapability.Pcrs, c => TpmMarshaller.WritePcrSelectionList(c, [new PcrSelection(TpmAlgorithm.Sha1, [0, 1, 23]), new PcrSelection(TpmAlgorithm.Sha256, [.. Enumerable.Range(0, 24)])])))),
            Mode(2, Response(NoSessions, [], w => Capability(w, TpmCapability.TpmProperties, c => { c.WriteUInt32(1); c.WriteUInt32((uint)TpmPropertyTag.NvBufferMax); c.WriteUInt32(1024); }))),
            Mode(3, Response(NoSessions, [], w => Capability(w, TpmCapability.Handles, c => { c.WriteUInt32(2); c.WriteUInt32(TpmHandles.PersistentFirst); c.WriteUInt32(TpmHandles.PersistentFirst + 1); }))),
            Mode(4, Response(NoSessions, [], w =>
            {
                w.WriteUInt32(7);
                TpmMarshaller.WritePcrSelectionList(w, [new PcrSelection(TpmAlgorithm.Sha256, [0, 1, 23])]);
                w.WriteUInt32(3);
                for (var i = 0; i < 3; i++)
                {
                    w.WriteSized(new byte[32]);
                }
            })),
            Mode(5, Response(NoSessions, [], w => { w.WriteSized(publicArea); w.WriteSized(name); w.WriteSized(name); })),
            Mode(6, Response(NoSessions, [], w => { w.WriteSized(nvPublic.WrittenSpan); w.WriteSized(name); })),
            Mode(8, Response(Sessions, [], w => { w.WriteSized(attest); w.WriteBytes(signature); })),
            Mode(9, Response(NoSessions, [TpmHandles.PolicySessionFirst], w => w.WriteSized(new byte[32]))),
            Mode(10, Response(Sessions, [TpmHandles.TransientFirst], w =>
            {
                w.WriteSized(TpmMarshaller.EncodePublicArea(KeyTemplates.RsaEndorsementKey));
                w.WriteSized([]);
                w.WriteSized(new byte[32]);
                w.WriteUInt16(0x8021);
                w.WriteUInt32(TpmHandles.Endorsement);
                w.WriteSized(new byte[32]);
                w.WriteSized(name);
            })),
            Mode(11, [0x80, 0x01, 0, 0, 0, 10, 0, 0, 0x01, 0x00]),
            Mode(12, publicArea),
            Mode(13, signature),
            Mode(14, attest),
        ];
    }

    /// <summary>Logs with zero, one and four events.</summary>
    /// <returns>The seeds.</returns>
    public static IReadOnlyList<byte[]> MeasurementLogs()
    {
        var seeds = new List<byte[]>();
        foreach (var count in new[] { 0, 1, 4 })
        {
            var log = new MeasurementLog();
            for (var i = 0; i < count; i++)
            {
                var type = (ArtefactType)(i % 4);
                log.Append(log.NextEvent(type, $"artefact-{i}.onnx", SHA256.HashData([(byte)i])));
            }

            seeds.Add(MeasurementLogSerializer.Serialize(log));
        }

        return seeds;
    }

    private static byte[] Mode(int command, byte[] response) => [(byte)command, .. response];

    private static void Capability(TpmWriter writer, TpmCapability capability, Action<TpmWriter> data)
    {
        writer.WriteByte(0);
        writer.WriteUInt32((uint)capability);
        data(writer);
    }

    /// <summary>A success response: header, handles, then (with sessions) parameterSize, parameters and one password session.</summary>
    private static byte[] Response(ushort tag, uint[] handles, Action<TpmWriter> parameters)
    {
        var body = new TpmWriter();
        parameters(body);
        var w = new TpmWriter();
        w.WriteUInt16(tag);
        w.WriteUInt32(0);
        w.WriteUInt32(0);
        foreach (var handle in handles)
        {
            w.WriteUInt32(handle);
        }

        if (tag == Sessions)
        {
            w.WriteUInt32((uint)body.Length);
        }

        w.WriteBytes(body.WrittenSpan);
        if (tag == Sessions)
        {
            w.WriteUInt16(0);
            w.WriteByte(1);
            w.WriteUInt16(0);
        }

        var bytes = w.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(2), (uint)bytes.Length);
        return bytes;
    }
}
