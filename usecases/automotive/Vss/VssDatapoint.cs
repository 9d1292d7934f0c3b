using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vedliot.UseCases.Automotive.Vss;

/// <summary>
/// One VSS datapoint as a JSON message: <c>{"path":"Vehicle.Speed","value":57.5,"ts":"2026-12-04T19:00:00.000Z"}</c>,
/// the value in the signal's datatype (number, string, boolean, or array of numbers) and the time it was observed,
/// UTC in ISO 8601 with milliseconds (the datapoint shape of VISS v2).
/// </summary>
/// <param name="Path">The signal's VSS path.</param>
/// <param name="Value">The value, as JSON.</param>
/// <param name="Timestamp">When it was observed.</param>
public sealed record VssDatapoint(string Path, JsonElement Value, DateTimeOffset Timestamp)
{
    /// <summary>Largest datapoint message read.</summary>
    public const int MaxBytes = 16 * 1024;

    /// <summary>A datapoint of a number.</summary>
    /// <param name="path">The signal.</param>
    /// <param name="value">Its value.</param>
    /// <param name="timestamp">When.</param>
    public static VssDatapoint Of(string path, double value, DateTimeOffset timestamp) => new(path, JsonSerializer.SerializeToElement(value), timestamp);

    /// <summary>A datapoint of a string.</summary>
    /// <param name="path">The signal.</param>
    /// <param name="value">Its value.</param>
    /// <param name="timestamp">When.</param>
    public static VssDatapoint Of(string path, string value, DateTimeOffset timestamp) => new(path, JsonSerializer.SerializeToElement(value), timestamp);

    /// <summary>A datapoint of a boolean.</summary>
    /// <param name="path">The signal.</param>
    /// <param name="value">Its value.</param>
    /// <param name="timestamp">When.</param>
    public static VssDatapoint Of(string path, bool value, DateTimeOffset timestamp) => new(path, JsonSerializer.SerializeToElement(value), timestamp);

    /// <summary>A datapoint of an array of integers.</summary>
    /// <param name="path">The signal.</param>
    /// <param name="value">Its values.</param>
    /// <param name="timestamp">When.</param>
    public static VssDatapoint Of(string path, IReadOnlyList<int> value, DateTimeOffset timestamp) => new(path, JsonSerializer.SerializeToElement(value), timestamp);

    /// <summary>The message body.</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("path", Path);
            json.WritePropertyName("value");
            Value.WriteTo(json);
            json.WriteString("ts", Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a datapoint message.</summary>
    /// <param name="source">The topic it came on, for messages.</param>
    /// <param name="body">The message body.</param>
    /// <returns>The datapoint.</returns>
    /// <exception cref="FormatException">Too large, not JSON, or a field is missing or of the wrong kind (the message names the topic and field).</exception>
    public static VssDatapoint Parse(string source, ReadOnlySpan<byte> body)
    {
        if (body.Length > MaxBytes)
        {
            throw new FormatException($"{source}: a datapoint of {body.Length} bytes is over the limit of {MaxBytes}");
        }

        try
        {
            using var document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 4 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{source}: a datapoint is a JSON object, not {root.ValueKind}");
            }

            var path = root.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : throw new FormatException($"{source}: field 'path' (a string) is missing");
            var value = root.TryGetProperty("value", out var v) ? v.Clone() : throw new FormatException($"{source}: field 'value' is missing");
            var ts = root.TryGetProperty("ts", out var t) && t.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(t.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
                ? when
                : throw new FormatException($"{source}: field 'ts' (an ISO 8601 time) is missing or unreadable");
            return new VssDatapoint(path, value, ts);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source}: not a JSON datapoint: {e.Message}", e);
        }
    }

    /// <summary>The value as a number.</summary>
    /// <exception cref="FormatException">It is not a finite number.</exception>
    public double NumberValue() =>
        Value.ValueKind == JsonValueKind.Number && Value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw new FormatException($"{Path}: value {Value.GetRawText()} is not a number");

    /// <inheritdoc />
    public override string ToString() => Encoding.UTF8.GetString(ToJson());
}
