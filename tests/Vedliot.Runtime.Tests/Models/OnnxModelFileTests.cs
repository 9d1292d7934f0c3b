using Google.Protobuf;
using Onnx;
using Vedliot.Runtime.Models;
using Vedliot.Testing;
using Vedliot.Testing.Runtime;

namespace Vedliot.Runtime.Tests.Models;

public sealed class OnnxModelFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_missing_file_is_named_in_the_error()
    {
        var path = _temp.File("absent.onnx");

        var error = Assert.Throws<ModelFormatException>(() => OnnxModelFile.Load(path));

        Assert.Equal($"{path}: file not found", error.Message);
    }

    [Fact]
    public void A_truncated_model_is_reported_as_truncated_or_corrupt()
    {
        var bytes = new OnnxModelBuilder().Input("x", 1, 4).Node("Relu", ["x"], ["y"]).Output("y", 1, 4).ToBytes();
        var path = _temp.File("truncated.onnx");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<ModelFormatException>(() => OnnxModelFile.Load(path));

        Assert.StartsWith($"{path}: not a valid ONNX model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_not_a_model()
    {
        var path = _temp.File("empty.onnx");
        File.WriteAllBytes(path, []);

        var error = Assert.Throws<ModelFormatException>(() => OnnxModelFile.Load(path));

        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_without_a_graph_is_refused()
    {
        var path = _temp.File("nograph.onnx");
        File.WriteAllBytes(path, new ModelProto { IrVersion = 7 }.ToByteArray());

        var error = Assert.Throws<ModelFormatException>(() => OnnxModelFile.Load(path));

        Assert.Contains("graph is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void External_initializer_data_is_read_into_the_model()
    {
        var model = new OnnxModelBuilder().Input("x", 2).Initializer("w", [0f, 0f], [2]).Node("Add", ["x", "w"], ["y"]).Output("y", 2).Build();
        var weight = model.Graph.Initializer[0];
        weight.FloatData.Clear();
        weight.DataLocation = TensorProto.Types.DataLocation.External;
        weight.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "weights.bin" });
        weight.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = "4" });
        weight.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = "8" });
        var data = new byte[12];
        BitConverter.GetBytes(1.5f).CopyTo(data, 4);
        BitConverter.GetBytes(-2f).CopyTo(data, 8);
        File.WriteAllBytes(_temp.File("weights.bin"), data);
        File.WriteAllBytes(_temp.File("model.onnx"), model.ToByteArray());

        var loaded = OnnxModelFile.Load(_temp.File("model.onnx"));

        var inlined = loaded.Graph.Initializer[0];
        Assert.Equal(TensorProto.Types.DataLocation.Default, inlined.DataLocation);
        Assert.Equal(data[4..], inlined.RawData.ToByteArray());
    }

    [Fact]
    public void External_data_outside_the_model_folder_is_refused()
    {
        var model = new OnnxModelBuilder().Input("x", 2).Initializer("w", [0f, 0f], [2]).Node("Add", ["x", "w"], ["y"]).Output("y", 2).Build();
        var weight = model.Graph.Initializer[0];
        weight.DataLocation = TensorProto.Types.DataLocation.External;
        weight.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "../../etc/passwd" });
        File.WriteAllBytes(_temp.File("model.onnx"), model.ToByteArray());

        var error = Assert.Throws<ModelFormatException>(() => OnnxModelFile.Load(_temp.File("model.onnx")));

        Assert.Contains("outside the model's folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_mutations_of_a_real_model_give_a_model_or_a_format_error_never_a_crash()
    {
        // Bounded fuzz with a fixed seed: flipped bytes, truncations and splices of a real model.
        var original = File.ReadAllBytes(RepositoryPaths.WakeWordModel("melspectrogram.onnx"));
        var random = new Random(20261122);
        for (var i = 0; i < 400; i++)
        {
            var bytes = (byte[])original.Clone();
            switch (i % 3)
            {
                case 0:
                    for (var flips = random.Next(1, 16); flips > 0; flips--)
                    {
                        bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    }

                    break;
                case 1:
                    bytes = bytes[..random.Next(bytes.Length)];
                    break;
                default:
                    var start = random.Next(bytes.Length);
                    var junk = new byte[random.Next(1, 64)];
                    random.NextBytes(junk);
                    bytes = [.. bytes[..start], .. junk, .. bytes[start..]];
                    break;
            }

            try
            {
                var model = OnnxModelFile.Parse(bytes, "fuzz.onnx");
                _ = ModelGraph.FromModel(model, "fuzz.onnx").CutPoints;
            }
            catch (ModelFormatException)
            {
                // The expected outcome for most mutations.
            }
        }
    }
}
