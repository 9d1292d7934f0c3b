using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Vedliot.Runtime.Profiling;

/// <summary>
/// Keeps profiles on disk, keyed by everything that changes what a profile would measure: the model's
/// digest, the candidate cuts, the input shapes, each module's identity and parameters, and the backend
/// version. A changed module descriptor or ONNX Runtime version therefore never reuses a stale profile.
/// </summary>
public sealed class ProfileCache(string directory)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The cache key of a profile from its identifying parts.</summary>
    public static string Key(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", parts))));

    /// <summary>The cached profile under <paramref name="key"/>, if there is a readable one.</summary>
    public bool TryLoad(string key, out ProfileTable table) => TryLoad<ProfileTable>(key, out table);

    /// <summary>The cached entry of type <typeparamref name="T"/> under <paramref name="key"/> (say, an exposure profile), if there is a readable one.</summary>
    public bool TryLoad<T>(string key, out T value)
        where T : class
    {
        value = null!;
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            value = JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json)!;
            return value is not null;
        }
        catch (JsonException)
        {
            // A damaged entry is measured again and overwritten.
            return false;
        }
    }

    /// <summary>Stores <paramref name="table"/> under <paramref name="key"/>, atomically.</summary>
    public void Save(string key, ProfileTable table) => Save<ProfileTable>(key, table);

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>, atomically.</summary>
    public void Save<T>(string key, T value)
    {
        Directory.CreateDirectory(directory);
        var path = PathOf(key);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(value, Json));
        File.Move(temporary, path, overwrite: true);
    }

    private string PathOf(string key) => Path.Combine(directory, key + ".json");
}
