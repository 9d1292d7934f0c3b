using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vedliot.Runtime.Deployment.Protocol;

/// <summary>Reads and writes <see cref="IReadOnlySet{T}"/> (as in <see cref="Platform.OperatorSupport"/>) as a JSON array; System.Text.Json cannot make one by itself.</summary>
internal sealed class ReadOnlySetJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(IReadOnlySet<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(SetConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class SetConverter<T> : JsonConverter<IReadOnlySet<T>>
    {
        public override IReadOnlySet<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize<List<T>>(ref reader, options) is { } items ? items.ToHashSet() : null;

        public override void Write(Utf8JsonWriter writer, IReadOnlySet<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.ToList(), options);
    }
}
