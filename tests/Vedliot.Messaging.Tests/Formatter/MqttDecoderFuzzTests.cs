using System.Diagnostics;
using Vedliot.Messaging.Formatter;
using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Tests.Formatter;

/// <summary>
/// Feeds random and mutated packets to both decoders: each input must decode or fail with an
/// <see cref="MqttProtocolException"/>; anything else (crash, other exception) fails the test.
/// Fixed seeds and a fixed iteration count keep the run reproducible; a wall-clock cap only stops
/// the loop early on a very slow machine.
/// </summary>
public sealed class MqttDecoderFuzzTests
{
    private const int Iterations = 30_000;
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(MqttProtocolVersion.V500, 5001)]
    [InlineData(MqttProtocolVersion.V311, 3111)]
    public void Mutated_valid_packets_decode_or_fail_with_a_protocol_error(MqttProtocolVersion version, int seed)
    {
        var random = new Random(seed);
        var formatter = MqttPacketFormatter.Create(version);
        var corpus = (version == MqttProtocolVersion.V500 ? PacketSamples.AllV5() : PacketSamples.AllV311())
            .Select(p => PacketSamples.Encode(formatter, p)).ToArray();
        var stopwatch = Stopwatch.StartNew();
        var (decoded, rejected) = (0, 0);
        for (var i = 0; i < Iterations && stopwatch.Elapsed < Cap; i++)
        {
            var frame = (byte[])corpus[random.Next(corpus.Length)].Clone();
            Mutate(random, ref frame);
            if (TryDecode(formatter, frame))
            {
                decoded++;
            }
            else
            {
                rejected++;
            }
        }

        Assert.True(rejected > 0 && decoded > 0, $"decoded {decoded}, rejected {rejected}");
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V500, 7)]
    [InlineData(MqttProtocolVersion.V311, 11)]
    public void Random_bodies_for_every_packet_type_never_crash_the_decoder(MqttProtocolVersion version, int seed)
    {
        var random = new Random(seed);
        var formatter = MqttPacketFormatter.Create(version);
        var stopwatch = Stopwatch.StartNew();
        var rejected = 0;
        for (var i = 0; i < Iterations && stopwatch.Elapsed < Cap; i++)
        {
            var first = (byte)random.Next(0x10, 0x100);
            var body = new byte[random.Next(0, 48)];
            random.NextBytes(body);
            try
            {
                formatter.Decode(first, body);
            }
            catch (MqttProtocolException)
            {
                rejected++;
            }
        }

        Assert.True(rejected > 0);
    }

    private static bool TryDecode(IMqttPacketFormatter formatter, byte[] frame)
    {
        try
        {
            if (!MqttFrame.TryReadHeader(frame, out var first, out var remaining, out var headerLength) || headerLength + remaining > frame.Length)
            {
                return false; // would wait for more bytes
            }

            formatter.Decode(first, frame.AsMemory(headerLength, remaining));
            return true;
        }
        catch (MqttProtocolException)
        {
            return false;
        }
    }

    private static void Mutate(Random random, ref byte[] frame)
    {
        var count = random.Next(1, 4);
        for (var m = 0; m < count; m++)
        {
            switch (random.Next(5))
            {
                case 0 when frame.Length > 0:
                    frame[random.Next(frame.Length)] = (byte)random.Next(256);
                    break;
                case 1 when frame.Length > 0:
                    frame[random.Next(frame.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 2 when frame.Length > 2:
                    Array.Resize(ref frame, random.Next(2, frame.Length));
                    break;
                case 3:
                    var insert = random.Next(frame.Length + 1);
                    var extra = new byte[random.Next(1, 8)];
                    random.NextBytes(extra);
                    frame = [.. frame[..insert], .. extra, .. frame[insert..]];
                    break;
                default:
                    // Keep the fixed header consistent so mutations reach the body decoder.
                    if (frame.Length >= 2 && frame.Length - 2 < 128)
                    {
                        frame[1] = (byte)(frame.Length - 2);
                    }

                    break;
            }
        }
    }
}
