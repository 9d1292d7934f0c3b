using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Storage;

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

    /// <summary>
    /// Largest policy file read: 1 MiB. A policy holds one SHA-256 digest (about 70 bytes of JSON) per allowed
    /// artefact, so 1 MiB holds over 10,000; a larger file is refused before it is read.
    /// </summary>
    public const int MaxFileBytes = 1 << 20;

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

    /// <summary>Reads, parses and validates the policy file at <paramref name="path"/>; errors name the file and the JSON position.</summary>
    /// <param name="path">The policy file.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="AttestationPolicyFormatException">The file is missing, unreadable, over <see cref="MaxFileBytes"/>, or not a valid policy.</exception>
    public static AttestationPolicy Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[]? json;
        try
        {
            json = StateFiles.ReadWithin(path, MaxFileBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AttestationPolicyFormatException($"{path}: the policy file cannot be read ({e.Message}).", e);
        }

        return json is null
            ? throw new AttestationPolicyFormatException(string.Create(CultureInfo.InvariantCulture, $"{path}: the policy file is larger than the limit of {MaxFileBytes:N0} bytes."))
            : Parse(json, path);
    }

    /// <summary>Parses and validates a policy.</summary>
    /// <param name="json">UTF-8 JSON.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="AttestationPolicyFormatException">The document is invalid; the message gives the JSON position or field.</exception>
    public static AttestationPolicy Deserialize(ReadOnlySpan<byte> json) => Parse(json, "policy");

    private static AttestationPolicy Parse(ReadOnlySpan<byte> json, string source)
    {
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            throw new AttestationPolicyFormatException($"{source}: a policy must be UTF-8 JSON.");
        }

        PolicyDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<PolicyDocument>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new AttestationPolicyFormatException($"{source}: not valid JSON for {FormatId} at {StateFiles.Describe(ex)}", ex);
        }

        if (document is null || document.Format != FormatId)
        {
            throw new AttestationPolicyFormatException($"{source}: format: a policy's format must be \"{FormatId}\".");
        }

        var field = "measurementPcr";
        try
        {
            var builder = new AttestationPolicyBuilder().WithMeasurementPcr(document.MeasurementPcr);
            foreach (var (typeName, digests) in document.AllowedDigests ?? [])
            {
                field = $"allowedDigests.{typeName}";
                if (!MeasurementLogSerializer.TryParseType(typeName, out var type))
                {
                    throw new AttestationPolicyFormatException($"{source}: {field}: unknown artefact type \"{typeName}\".");
                }

                var i = 0;
                foreach (var digest in digests ?? [])
                {
                    field = string.Create(CultureInfo.InvariantCulture, $"allowedDigests.{typeName}[{i++}]");
                    builder.Allow(type, Convert.FromHexString(digest));
                }
            }

            foreach (var (pcr, value) in document.ExpectedPcrs ?? [])
            {
                field = $"expectedPcrs.{pcr}";
                builder.RequirePcr(int.Parse(pcr, CultureInfo.InvariantCulture), Convert.FromHexString(value));
            }

            return builder.Build();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or OverflowException)
        {
            throw new AttestationPolicyFormatException($"{source}: {field}: invalid policy: {ex.Message}", ex);
        }
    }

    private sealed record PolicyDocument(
        string? Format,
        int MeasurementPcr,
        Dictionary<string, List<string>>? AllowedDigests,
        Dictionary<string, string>? ExpectedPcrs);
}
