using Google.Protobuf;
using Onnx;

namespace Vedliot.Runtime.Models;

/// <summary>Reads ONNX model files into <see cref="ModelProto"/> messages.</summary>
public static class OnnxModelFile
{
    /// <summary>
    /// Reads the model at <paramref name="path"/>. Initializers stored as external data are read
    /// into the model, so that the result (and every partition made from it) is self-contained.
    /// </summary>
    /// <exception cref="ModelFormatException">The file is missing, truncated, corrupt or has no graph.</exception>
    public static ModelProto Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new ModelFormatException(path, "file not found");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new ModelFormatException(path, $"cannot be read: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ModelFormatException(path, $"cannot be read: {e.Message}", e);
        }

        var model = Parse(bytes, path);
        InlineExternalData(model, Path.GetDirectoryName(Path.GetFullPath(path))!, path);
        return model;
    }

    /// <summary>Parses a serialized model; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="ModelFormatException">The bytes are not a usable ONNX model.</exception>
    public static ModelProto Parse(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.IsEmpty)
        {
            throw new ModelFormatException(source, "file is empty, not an ONNX model");
        }

        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelFormatException(source, $"not a valid ONNX model: the protobuf data is truncated or corrupt ({e.Message})", e);
        }

        if (model.Graph is null)
        {
            throw new ModelFormatException(source, "not a valid ONNX model: ModelProto.graph is missing");
        }

        if (model.IrVersion <= 0)
        {
            throw new ModelFormatException(source, "not a valid ONNX model: ModelProto.ir_version is missing");
        }

        return model;
    }

    private static void InlineExternalData(ModelProto model, string directory, string source)
    {
        foreach (var tensor in model.Graph.Initializer)
        {
            if (tensor.DataLocation != TensorProto.Types.DataLocation.External)
            {
                continue;
            }

            var entries = tensor.ExternalData.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
            if (!entries.TryGetValue("location", out var location))
            {
                throw new ModelFormatException(source, $"initializer '{tensor.Name}' has external data without a 'location' entry");
            }

            var dataPath = Path.GetFullPath(Path.Combine(directory, location));
            if (!dataPath.StartsWith(directory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new ModelFormatException(source, $"initializer '{tensor.Name}' points outside the model's folder: '{location}'");
            }

            long offset = entries.TryGetValue("offset", out var o) ? long.Parse(o, System.Globalization.CultureInfo.InvariantCulture) : 0;
            long? length = entries.TryGetValue("length", out var l) ? long.Parse(l, System.Globalization.CultureInfo.InvariantCulture) : null;
            try
            {
                using var stream = File.OpenRead(dataPath);
                var count = length ?? (stream.Length - offset);
                if (offset < 0 || count < 0 || offset + count > stream.Length)
                {
                    throw new ModelFormatException(source, $"initializer '{tensor.Name}': external data range {offset}+{count} exceeds '{location}' ({stream.Length} bytes)");
                }

                var data = new byte[count];
                stream.Position = offset;
                stream.ReadExactly(data);
                tensor.RawData = ByteString.CopyFrom(data);
            }
            catch (IOException e)
            {
                throw new ModelFormatException(source, $"initializer '{tensor.Name}': external data '{location}' cannot be read: {e.Message}", e);
            }

            tensor.ExternalData.Clear();
            tensor.DataLocation = TensorProto.Types.DataLocation.Default;
        }
    }
}
