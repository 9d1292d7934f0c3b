using System.Text.Json;
using System.Text.Json.Serialization;
using Vedliot.Attestation.Measurement;

namespace Vedliot.Attestation.Policy;

/// <summary>Thrown when a policy document is invalid.</summary>
public sealed class AttestationPolicyFormatException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public AttestationPolicyFormatException()
        : base("Invalid attestation policy.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What was wrong.</param>
    public AttestationPolicyFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and cause.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="innerException">The cause.</param>
    public AttestationPolicyFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// JSON form of a policy: <c>{"format":"vedliot-attestation-policy/1","measurementPcr":23,
/// "allowedDigests":{"model-partition":["&lt;hex&gt;"]},"expectedPcrs":{"0":"&lt;hex&gt;"}}</c>.
/// </summary>
public static class AttestationPolicySerializer
{
    /// <summary>The format identifier.</summary>
    public const string FormatId = "vedliot-attestation-policy/1";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Serialises a policy.</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] Serialize(AttestationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var document = new PolicyDocument(
            FormatId,
            policy.MeasurementPcr,
            policy.AllowedDigests.ToDictionary(kv => MeasurementLogSerializer.TypeName(kv.Key), kv => kv.Value.Order(StringComparer.Ordinal).ToList()),
            policy.ExpectedPcrValues.ToDictionary(kv => kv.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value));
        return JsonSerializer.SerializeToUtf8Bytes(document, Options);
    }

    /// <summary>Parses and validates a policy.</summary>
    /// <param name="json">UTF-8 JSON.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="AttestationPolicyFormatException">The document is invalid.</exception>
    public static AttestationPolicy Deserialize(ReadOnlySpan<byte> json)
    {
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            throw new AttestationPolicyFormatException("Policy must be UTF-8 JSON.");
        }

        PolicyDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<PolicyDocument>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new AttestationPolicyFormatException("Policy is not valid JSON for " + FormatId + ".", ex);
        }

        if (document is null || document.Format != FormatId)
        {
            throw new AttestationPolicyFormatException($"Policy format must be \"{FormatId}\".");
        }

        try
        {
            var builder = new AttestationPolicyBuilder().WithMeasurementPcr(document.MeasurementPcr);
            foreach (var (typeName, digests) in document.AllowedDigests ?? [])
            {
                if (!MeasurementLogSerializer.TryParseType(typeName, out var type))
                {
                    throw new AttestationPolicyFormatException($"Unknown artefact type \"{typeName}\".");
                }

                foreach (var digest in digests ?? [])
                {
                    builder.Allow(type, Convert.FromHexString(digest));
                }
            }

            foreach (var (pcr, value) in document.ExpectedPcrs ?? [])
            {
                builder.RequirePcr(int.Parse(pcr, System.Globalization.CultureInfo.InvariantCulture), Convert.FromHexString(value));
            }

            return builder.Build();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or OverflowException)
        {
            throw new AttestationPolicyFormatException($"Invalid policy: {ex.Message}", ex);
        }
    }

    private sealed record PolicyDocument(
        string? Format,
        int MeasurementPcr,
        Dictionary<string, List<string>>? AllowedDigests,
        Dictionary<string, string>? ExpectedPcrs);
}
