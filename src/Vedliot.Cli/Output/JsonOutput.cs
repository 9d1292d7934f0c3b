using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vedliot.Cli.Output;

/// <summary>The one JSON style of every <c>--json</c> output: camelCase, indented, enums as strings.</summary>
internal static class JsonOutput
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
