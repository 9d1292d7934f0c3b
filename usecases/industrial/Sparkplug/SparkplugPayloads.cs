using Google.Protobuf;
using Vedliot.UseCases.Industrial.Sparkplug.Wire;

namespace Vedliot.UseCases.Industrial.Sparkplug;

/// <summary>Builds and reads Sparkplug B payloads: the one place metric values meet their data types.</summary>
internal static class SparkplugPayloads
{
    /// <summary>The node control metric a host sets true to ask for a rebirth (§6.4.18, "Node Control/Rebirth").</summary>
    public const string RebirthMetric = "Node Control/Rebirth";

    /// <summary>The metric carrying the birth/death sequence number.</summary>
    public const string BdSeqMetric = "bdSeq";

    /// <summary>A metric with its name (births) or alias only (data), data type, timestamp and value.</summary>
    public static Payload.Types.Metric Metric(string? name, ulong? alias, SparkplugDataType type, ulong timestamp, object value)
    {
        var metric = new Payload.Types.Metric { Datatype = (uint)type, Timestamp = timestamp };
        if (name is not null)
        {
            metric.Name = name;
        }

        if (alias is { } a)
        {
            metric.Alias = a;
        }

        switch (type)
        {
            case SparkplugDataType.Int64:
                metric.LongValue = unchecked((ulong)Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case SparkplugDataType.Float:
                metric.FloatValue = Convert.ToSingle(value, System.Globalization.CultureInfo.InvariantCulture);
                break;
            case SparkplugDataType.Double:
                metric.DoubleValue = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
                break;
            case SparkplugDataType.Boolean:
                metric.BooleanValue = (bool)value;
                break;
            case SparkplugDataType.String:
                metric.StringValue = (string)value;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "not a data type this edge node sends");
        }

        return metric;
    }

    /// <summary>A payload of <paramref name="metrics"/> with its timestamp and, unless null (NDEATH), its seq.</summary>
    public static byte[] Encode(ulong timestamp, ulong? seq, IEnumerable<Payload.Types.Metric> metrics)
    {
        var payload = new Payload { Timestamp = timestamp };
        if (seq is { } s)
        {
            payload.Seq = s;
        }

        payload.Metrics.AddRange(metrics);
        return payload.ToByteArray();
    }

    /// <summary>Whether an NCMD payload asks for a rebirth; a payload that does not parse asks for nothing.</summary>
    public static bool AsksForRebirth(ReadOnlySpan<byte> bytes)
    {
        Payload payload;
        try
        {
            payload = Payload.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }

        return payload.Metrics.Any(m => m.Name == RebirthMetric && m.ValueCase == Payload.Types.Metric.ValueOneofCase.BooleanValue && m.BooleanValue);
    }
}
