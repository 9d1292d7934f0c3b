using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vedliot.Attestation.Measurement;

/// <summary>Thrown when a serialised measurement log does not follow Measurement/FORMAT.md.</summary>
public sealed class MeasurementLogFormatException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public MeasurementLogFormatException()
        : base("Malformed measurement log.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What was wrong.</param>
    public MeasurementLogFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and cause.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="innerException">The cause.</param>
    public MeasurementLogFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Reads and writes the JSON form of the measurement log (<c>vedliot-measurement-log/1</c>, Measurement/FORMAT.md).</summary>
public static class MeasurementLogSerializer
{
    /// <summary>The format identifier written in every log.</summary>
    public const string FormatId = "vedliot-measurement-log/1";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The JSON name of an artefact type.</summary>
    /// <param name="type">The type.</param>
    /// <returns>e.g. <c>model-partition</c>.</returns>
    public static string TypeName(ArtefactType type) => type switch
    {
        ArtefactType.NodeAgent => "node-agent",
        ArtefactType.DeployManifest => "deploy-manifest",
        ArtefactType.ModelPartition => "model-partition",
        ArtefactType.Bitstream => "bitstream",
        ArtefactType.NativeLibrary => "native-library",
        ArtefactType.ExecutionProvider => "execution-provider",
        ArtefactType.Plugin => "plugin",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown artefact type."),
    };

    /// <summary>Parses an artefact type name.</summary>
    /// <param name="name">e.g. <c>bitstream</c>.</param>
    /// <param name="type">The type.</param>
    /// <returns>Whether the name is known.</returns>
    public static bool TryParseType(string? name, out ArtefactType type)
    {
        foreach (var candidate in Enum.GetValues<ArtefactType>())
        {
            if (string.Equals(TypeName(candidate), name, StringComparison.Ordinal))
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }

    /// <summary>Serialises a log to UTF-8 JSON.</summary>
    /// <param name="log">The log.</param>
    /// <returns>The JSON bytes.</returns>
    public static byte[] Serialize(MeasurementLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var document = new LogDocument(
            FormatId,
            log.Pcr,
            "sha256",
            log.Events.Select(e => (EventDocument?)new EventDocument(e.Sequence, TypeName(e.Type), e.Name, Convert.ToHexStringLower(e.Digest.Span))).ToList());
        return JsonSerializer.SerializeToUtf8Bytes(document, Options);
    }

    /// <summary>Parses and validates a log; every event is checked against the format.</summary>
    /// <param name="json">UTF-8 JSON.</param>
    /// <returns>The log.</returns>
    /// <exception cref="MeasurementLogFormatException">The document does not follow the format.</exception>
    public static MeasurementLog Deserialize(ReadOnlySpan<byte> json)
    {
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            throw new MeasurementLogFormatException("Measurement log must be UTF-8 JSON.");
        }

        LogDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<LogDocument>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new MeasurementLogFormatException("Measurement log is not valid JSON for " + FormatId + ".", ex);
        }

        if (document is null || document.Format != FormatId)
        {
            throw new MeasurementLogFormatException($"Measurement log format must be \"{FormatId}\".");
        }

        if (document.HashAlgorithm != "sha256" || document.Pcr is < 0 or > 23 || document.Events is null)
        {
            throw new MeasurementLogFormatException("Measurement log must name the sha256 bank, a PCR 0..23 and an events array.");
        }

        var log = new MeasurementLog(document.Pcr);
        foreach (var e in document.Events)
        {
            if (e is null || !TryParseType(e.Type, out var type))
            {
                throw new MeasurementLogFormatException($"Event {log.Events.Count}: unknown artefact type \"{e?.Type}\".");
            }

            byte[] digest;
            try
            {
                digest = Convert.FromHexString(e.Digest ?? string.Empty);
            }
            catch (FormatException ex)
            {
                throw new MeasurementLogFormatException($"Event {log.Events.Count}: digest is not hexadecimal.", ex);
            }

            try
            {
                log.Append(new MeasurementEvent(e.Sequence, type, e.Name ?? string.Empty, digest));
            }
            catch (ArgumentException ex)
            {
                throw new MeasurementLogFormatException($"Event {log.Events.Count}: {ex.Message}", ex);
            }
        }

        return log;
    }

    private sealed record LogDocument(string? Format, int Pcr, string? HashAlgorithm, List<EventDocument?>? Events);

    private sealed record EventDocument(int Sequence, string? Type, string? Name, string? Digest);
}
