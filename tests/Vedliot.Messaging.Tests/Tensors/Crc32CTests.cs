using System.Text;
using Vedliot.Messaging.Tensors;

namespace Vedliot.Messaging.Tests.Tensors;

public sealed class Crc32CTests
{
    [Fact]
    public void Check_value_of_123456789_is_E3069283()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Rfc3720_test_vectors_match()
    {
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
    }

    [Fact]
    public void Hardware_and_table_paths_agree_on_every_length()
    {
        var random = new Random(32);
        var data = new byte[1031];
        random.NextBytes(data);
        for (var length = 0; length <= data.Length; length += 7)
        {
            var span = data.AsSpan(0, length);
            Assert.Equal(~Crc32C.AppendSoftware(0xFFFFFFFF, span), Crc32C.Compute(span));
        }
    }
}
