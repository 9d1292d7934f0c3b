using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vedliot.Attestation.Enrollment;
using Vedliot.Attestation.Measurement;

namespace Vedliot.Attestation.Verifier;

/// <summary>Thrown when a serialised attestation message is malformed.</summary>
public sealed class AttestationMessageFormatException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public AttestationMessageFormatException()
        : base("Malformed attestation message.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What was wrong.</param>
    public AttestationMessageFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and cause.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="innerException">The cause.</param>
    public AttestationMessageFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// JSON encoding of the messages exchanged between a node and the verifier (for MQTT payloads, files and CLI
/// <c>--json</c> output). Binary fields are base64; PCR values are lower-case hex keyed by PCR index; the
/// measurement log is embedded in its own format (Measurement/FORMAT.md). Every document carries a
/// <c>"message"</c> discriminator and is checked against it on reading.
/// </summary>
public static class AttestationMessageSerializer
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Encodes an enrollment request.</summary>
    /// <param name="message">The message.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] Serialize(EnrollmentRequest message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Write(new EnrollmentRequestDocument("enrollment-request", message.NodeId, B64(message.EkCertificate), B64(message.EkPublic), B64(message.AkPublic)));
    }

    /// <summary>Decodes an enrollment request.</summary>
    /// <param name="json">UTF-8 JSON.</param>
    /// <returns>The message.</returns>
    public static EnrollmentRequest DeserializeEnrollmentRequest(ReadOnlySpan<byte> json)
    {
        var d = Read<EnrollmentRequestDocument>(json, "enrollment-request", x => x.Message);
        return Decode(() => new EnrollmentRequest(Required(d.NodeId), Bytes(d.EkCertificate), Bytes(d.EkPublic), Bytes(d.AkPublic)));
    }

    /// <summary>Encodes an enrollment challenge.</summary>
    /// <param name="message">The message.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] Serialize(EnrollmentChallenge message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Write(new EnrollmentChallengeDocument("enrollment-challenge", message.NodeId, B64(message.CredentialBlob), B64(message.EncryptedSecret)));
    }

    /// <summary>Decodes an enrollment challenge.</summary>
    /// <param name="json">UTF-8 JSON.</param>
    /// <returns>The message.</returns>
    public static EnrollmentChallenge DeserializeEnrollmentChallenge(ReadOnlySpan<byte> json)
    {
        var d = Read<EnrollmentChallengeDocument>(json, "enrollment-challenge", x => x.Message);
        return Decode(() => new EnrollmentChallenge(Required(d.NodeId), Bytes(d.CredentialBlob), Bytes(d.EncryptedSecret)));
    }

    /// <summary>Encodes an enrollment response.</summary>
    /// <param name="message">The message.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] Serialize(EnrollmentResponse message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Write(new EnrollmentResponseDocument("enrollment-response", message.NodeId, B64(message.Secret)));
    }

    /// <summary>Decodes an enrollment response.</summary>
    /// <param name="json">UTF-8 JSON.</param>
    /// <returns>The message.</returns>
    public static EnrollmentResponse DeserializeEnrollmentResponse(ReadOnlySpan<byte> json)
    {
        var d = Read<EnrollmentResponseDocument>(json, "enrollment-response", x => x.Message);
        return Decode(() => new EnrollmentResponse(Required(d.NodeId), Bytes(d.Secret)));
    }

    /// <summary>Encodes an attestation challenge.</summary>
    /// <param name="message">The message.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] Serialize(AttestationChallenge message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Write(new ChallengeDocument("attestation-challenge", message.NodeId, B64(message.Nonce), [.. message.Pcrs]));
    }

    /// <summary>Decodes an attestation challenge.</summary>
    /// <param name="json">UTF-8 JSON.</param>
    /// <returns>The message.</returns>
    public static AttestationChallenge DeserializeAttestationChallenge(ReadOnlySpan<byte> json)
    {
        var d = Read<ChallengeDocument>(json, "attestation-challenge", x => x.Message);
        return Decode(() => new AttestationChallenge(Required(d.NodeId), Bytes(d.Nonce), d.Pcrs is { Count: > 0 and <= 24 } p && p.All(i => i is >= 0 and <= 23) ? p : throw new FormatException("pcrs must list 1..24 PCR indices 0..23.")));
    }

    /// <summary>Encodes evidence.</summary>
    /// <param name="message">The message.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] Serialize(AttestationEvidence message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var log = JsonDocument.Parse(MeasurementLogSerializer.Serialize(message.Log));
        return Write(new EvidenceDocument(
            "attestation-evidence",
            message.NodeId,
            B64(message.Quote),
            B64(message.Signature),
            message.PcrValues.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => Convert.ToHexStringLower(kv.Value.Span)),
            log.RootElement.Clone()));
    }

    /// <summary>Decodes evidence, including its measurement log.</summary>
    /// <param name="json">UTF-8 JSON.</param>
    /// <returns>The message.</returns>
    public static AttestationEvidence DeserializeAttestationEvidence(ReadOnlySpan<byte> json)
    {
        var d = Read<EvidenceDocument>(json, "attestation-evidence", x => x.Message);
        return Decode(() =>
        {
            var values = (d.PcrValues ?? throw new FormatException("pcrValues is required."))
                .ToDictionary(kv => int.Parse(kv.Key, NumberStyles.None, CultureInfo.InvariantCulture), kv => (ReadOnlyMemory<byte>)Convert.FromHexString(kv.Value));
            if (d.Log.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("log must be a measurement log object.");
            }

            var log = MeasurementLogSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(d.Log));
            return new AttestationEvidence(Required(d.NodeId), Bytes(d.Quote), Bytes(d.Signature), values, log);
        });
    }

    /// <summary>Encodes a verdict (e.g. for a status report).</summary>
    /// <param name="message">The result.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] Serialize(AttestationResult message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Write(new ResultDocument(
            "attestation-result",
            message.NodeId,
            message.Trusted,
            message.Failure.ToString(),
            message.Detail,
            message.VerifiedAt,
            message.Clock?.ResetCount,
            message.Clock?.RestartCount));
    }

    private static byte[] Write<T>(T document) => JsonSerializer.SerializeToUtf8Bytes(document, Options);

    private static T Read<T>(ReadOnlySpan<byte> json, string kind, Func<T, string?> discriminator)
        where T : class
    {
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            throw new AttestationMessageFormatException($"A {kind} message must be UTF-8 JSON.");
        }

        T? document;
        try
        {
            document = JsonSerializer.Deserialize<T>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new AttestationMessageFormatException($"Not a valid {kind} message: {ex.Message}", ex);
        }

        if (document is null || discriminator(document) != kind)
        {
            throw new AttestationMessageFormatException($"Expected a message of type \"{kind}\".");
        }

        return document;
    }

    private static T Decode<T>(Func<T> build)
    {
        try
        {
            return build();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or MeasurementLogFormatException or OverflowException)
        {
            throw new AttestationMessageFormatException(ex.Message, ex);
        }
    }

    private static string B64(ReadOnlyMemory<byte> bytes) => Convert.ToBase64String(bytes.Span);

    private static byte[] Bytes(string? base64) => Convert.FromBase64String(base64 ?? throw new FormatException("A binary field is missing."));

    private static string Required(string? value) => string.IsNullOrEmpty(value) ? throw new FormatException("nodeId is required.") : value;

    private sealed record EnrollmentRequestDocument(string? Message, string? NodeId, string? EkCertificate, string? EkPublic, string? AkPublic);

    private sealed record EnrollmentChallengeDocument(string? Message, string? NodeId, string? CredentialBlob, string? EncryptedSecret);

    private sealed record EnrollmentResponseDocument(string? Message, string? NodeId, string? Secret);

    private sealed record ChallengeDocument(string? Message, string? NodeId, string? Nonce, List<int>? Pcrs);

    private sealed record EvidenceDocument(string? Message, string? NodeId, string? Quote, string? Signature, Dictionary<string, string>? PcrValues, JsonElement Log);

    private sealed record ResultDocument(string Message, string NodeId, bool Trusted, string Failure, string Detail, DateTimeOffset VerifiedAt, uint? ResetCount, uint? RestartCount);
}
