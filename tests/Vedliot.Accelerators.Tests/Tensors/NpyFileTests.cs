using System.Text;
using Microsoft.ML.OnnxRuntime.Tensors;
using Vedliot.Accelerators.Tensors;
using Vedliot.Testing;

namespace Vedliot.Accelerators.Tests.Tensors;

public sealed class NpyFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    // Writes an .npy file as NumPy's format 1.0 lays it out: magic, version, header length, padded header, data.
    private string Write(string name, string descr, string shape, byte[] data, string fortran = "False", byte major = 1)
    {
        var header = $"{{'descr': '{descr}', 'fortran_order': {fortran}, 'shape': {shape}, }}";
        var lengthField = major == 1 ? 2 : 4;
        var total = 6 + 2 + lengthField + header.Length + 1;
        header = header.PadRight(header.Length + ((64 - (total % 64)) % 64)) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.Add(major);
        bytes.Add(0);
        bytes.AddRange(major == 1 ? BitConverter.GetBytes((ushort)header.Length) : BitConverter.GetBytes((uint)header.Length));
        bytes.AddRange(Encoding.Latin1.GetBytes(header));
        bytes.AddRange(data);
        var path = _temp.File(name);
        File.WriteAllBytes(path, [.. bytes]);
        return path;
    }

    [Fact]
    public void A_float_array_is_read_with_its_shape()
    {
        var data = new[] { 1f, 2f, 3f, 4f, 5f, 6f }.SelectMany(BitConverter.GetBytes).ToArray();

        using var value = NpyFile.Read(Write("a.npy", "<f4", "(2, 3)", data));

        var info = value.GetTensorTypeAndShape();
        Assert.Equal(TensorElementType.Float, info.ElementDataType);
        Assert.Equal([2L, 3L], info.Shape);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], value.GetTensorDataAsSpan<float>().ToArray());
    }

    [Theory]
    [InlineData("<i8", TensorElementType.Int64, 8)]
    [InlineData("|u1", TensorElementType.UInt8, 1)]
    [InlineData("|b1", TensorElementType.Bool, 1)]
    [InlineData("<f8", TensorElementType.Double, 8)]
    public void Other_element_types_are_read(string descr, TensorElementType type, int size)
    {
        using var value = NpyFile.Read(Write("b.npy", descr, "(3,)", new byte[3 * size]));

        Assert.Equal(type, value.GetTensorTypeAndShape().ElementDataType);
    }

    [Fact]
    public void A_version_2_header_is_read()
    {
        using var value = NpyFile.Read(Write("v2.npy", "<f4", "(1,)", BitConverter.GetBytes(7f), major: 2));

        Assert.Equal(7f, value.GetTensorDataAsSpan<float>()[0]);
    }

    [Fact]
    public void A_scalar_has_an_empty_shape()
    {
        using var value = NpyFile.Read(Write("s.npy", "<f4", "()", BitConverter.GetBytes(7f)));

        Assert.Empty(value.GetTensorTypeAndShape().Shape);
    }

    [Theory]
    [InlineData("<f4", "(2, 3)", 4, "False", "needs 24")]
    [InlineData(">f4", "(1,)", 4, "False", "big-endian")]
    [InlineData("<f4", "(1,)", 4, "True", "Fortran order")]
    [InlineData("<c8", "(1,)", 8, "False", "not supported")]
    [InlineData("<f4", "(a,)", 4, "False", "not a dimension")]
    public void A_bad_array_is_refused_with_the_file_and_reason(string descr, string shape, int bytes, string fortran, string reason)
    {
        var path = Write("bad.npy", descr, shape, new byte[bytes], fortran);

        var error = Assert.Throws<TensorFileException>(() => NpyFile.Read(path));

        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_the_magic_string_is_not_an_npy_file()
    {
        var path = _temp.File("text.npy");
        File.WriteAllText(path, "hello, this is not numpy");

        Assert.Contains("not an .npy file", Assert.Throws<TensorFileException>(() => NpyFile.Read(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_mutations_give_a_tensor_or_a_file_error_never_a_crash()
    {
        var original = File.ReadAllBytes(Write("seed.npy", "<f4", "(4, 4)", new byte[64]));
        var random = new Random(1122);
        var path = _temp.File("fuzz.npy");
        for (var i = 0; i < 500; i++)
        {
            var bytes = (byte[])original.Clone();
            if (i % 2 == 0)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }
            else
            {
                bytes = bytes[..random.Next(bytes.Length)];
            }

            File.WriteAllBytes(path, bytes);
            try
            {
                NpyFile.Read(path).Dispose();
            }
            catch (TensorFileException)
            {
                // The expected outcome for most mutations.
            }
        }
    }
}
