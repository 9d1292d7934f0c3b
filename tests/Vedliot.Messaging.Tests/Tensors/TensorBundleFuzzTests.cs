using System.Buffers.Binary;
using Vedliot.Messaging.Tensors;

namespace Vedliot.Messaging.Tests.Tensors;

/// <summary>Bounded, fixed-seed fuzzing of the bundle decoder with random and mutated inputs.</summary>
public sealed class TensorBundleFuzzTests
{
    private const int Iterations = 20_000;

    private static readonly byte[] InterestingBytes = [0, 1, (byte)'a', (byte)'b', (byte)'c', 0x7F, 0x80, 0xC3, 0xED, 0xFF];
    private static readonly ushort[] InterestingShorts = [0, 1, 2, 255, 256, 257, 1024, 1025, 0x7FFF, 0xFFFF];

    private static readonly string[] Categories =
    [
        "shorter than", "magic is not", "version", "flags", "more than the limit", "need at least", "truncated",
        "trailing bytes", "empty name", "not valid UTF-8", "two tensors named", "non-zero padding", "invalid frame",
        "but the bundle header says", "checksum mismatch",
    ];

    private static byte[][] Seeds()
    {
        static TensorFrame F(TensorElementType type, long[] shape, int seed) => TensorBundleCodecTests.Frame(type, shape, seed);
        return
        [
            TensorBundleCodec.Encode(TensorBundleCodecTests.Bundle()),
            TensorBundleCodec.Encode(TensorBundleCodecTests.Bundle(("a", F(TensorElementType.Float32, [2, 2], 1)))),
            TensorBundleCodec.Encode(TensorBundleCodecTests.Bundle(
                ("a", F(TensorElementType.Int8, [3], 2)),
                ("b", F(TensorElementType.Float16, [], 3)),
                ("c", F(TensorElementType.Bool, [0, 2], 4)))),
            TensorBundleCodec.Encode(TensorBundleCodecTests.Bundle(
                ("skip/äb", F(TensorElementType.UInt8, [1, 1, 1, 1, 1, 1, 1, 5], 5)),
                ("main", F(TensorElementType.Int64, [1], 6)))),
        ];
    }

    [Fact]
    public void Random_and_mutated_bundles_never_make_TryDecode_throw_and_Decode_throws_only_TensorFrameException()
    {
        var seeds = Seeds();
        var random = new Random(20260611);
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < Iterations; i++)
        {
            var input = (i % 10) switch
            {
                0 => RandomBytes(random, withHeader: false),
                1 => RandomBytes(random, withHeader: true),
                _ => Mutate(seeds[random.Next(seeds.Length)], random),
            };

            if (random.Next(2) == 0)
            {
                RawBundle.Reseal(input); // reach the checks behind the bundle checksum
            }

            bool valid;
            TensorBundle? bundle;
            string? error;
            try
            {
                valid = TensorBundleCodec.TryDecode(input, out bundle, out error);
            }
            catch (Exception ex)
            {
                Assert.Fail($"iteration {i}: TryDecode threw {ex.GetType().Name}: {ex.Message}\ninput: {Convert.ToHexString(input)}");
                throw;
            }

            try
            {
                _ = TensorBundleCodec.Decode(input);
                Assert.True(valid, $"iteration {i}: Decode accepted what TryDecode rejected ({error})");
            }
            catch (TensorFrameException ex)
            {
                Assert.False(valid, $"iteration {i}: Decode rejected what TryDecode accepted");
                Assert.Equal(error, ex.Message);
            }

            if (valid)
            {
                // Only canonical bytes decode: whatever is accepted re-encodes to exactly the input.
                Assert.Null(error);
                Assert.Equal(input, TensorBundleCodec.Encode(bundle!));
                outcomes["accepted"] = outcomes.GetValueOrDefault("accepted") + 1;
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(error));
                var category = Categories.FirstOrDefault(c => error.Contains(c, StringComparison.Ordinal)) ?? error;
                outcomes[category] = outcomes.GetValueOrDefault(category) + 1;
            }
        }

        var summary = string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key}: {o.Value}"));
        Assert.True(outcomes.ContainsKey("accepted"), summary);
        foreach (var category in Categories)
        {
            Assert.True(outcomes.ContainsKey(category), $"'{category}' never reached; outcomes: {summary}");
        }
    }

    private static byte[] RandomBytes(Random random, bool withHeader)
    {
        var bytes = new byte[random.Next(withHeader ? 32 : 0, 160)];
        random.NextBytes(bytes);
        if (withHeader)
        {
            "VTB1"u8.CopyTo(bytes);
            bytes[4] = 1;
            bytes[5] = 0;
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), (ushort)random.Next(4));
        }

        return bytes;
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = (byte[])seed.Clone();
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations; m++)
        {
            var entries = RawBundle.Entries(bytes);
            switch (random.Next(9))
            {
                case 0 when bytes.Length > 0:
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when bytes.Length > 0:
                    bytes[random.Next(bytes.Length)] = InterestingBytes[random.Next(InterestingBytes.Length)];
                    break;
                case 2:
                    bytes = bytes[..random.Next(bytes.Length + 1)];
                    break;
                case 3:
                    var extra = new byte[random.Next(1, 17)];
                    random.NextBytes(extra);
                    var at = random.Next(bytes.Length + 1);
                    bytes = [.. bytes[..at], .. extra, .. bytes[at..]];
                    break;
                case 4 when bytes.Length > 0:
                    var from = random.Next(bytes.Length);
                    bytes = [.. bytes[..from], .. bytes[Math.Min(bytes.Length, from + random.Next(1, 17))..]];
                    break;
                case 5 when bytes.Length >= 8:
                    // The tensor count, or a name length.
                    var field = entries.Count > 0 && random.Next(2) == 0 ? entries[random.Next(entries.Count)].EntryOffset : 6;
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(field), InterestingShorts[random.Next(InterestingShorts.Length)]);
                    break;
                case 6 when entries.Count > 0:
                    var (_, frameOffset, frameLength) = entries[random.Next(entries.Count)];
                    ulong[] lengths = [0, 1, 39, 40, (ulong)frameLength - 1, (ulong)frameLength + 1, (ulong)frameLength + 8, int.MaxValue, 1UL << 32, ulong.MaxValue];
                    BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(frameOffset - 8), lengths[random.Next(lengths.Length)]);
                    break;
                case 7 when bytes.Length >= 28:
                    // Bundle header ids, so they disagree with the frames'.
                    bytes[8 + random.Next(20)] ^= (byte)(1 << random.Next(8));
                    break;
                case 8 when entries.Count > 0:
                    // A name byte from a small alphabet: duplicates, new valid names and broken UTF-8.
                    var (entryOffset, _, _) = entries[random.Next(entries.Count)];
                    int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(entryOffset));
                    if (nameLength > 0 && entryOffset + 2 + nameLength <= bytes.Length)
                    {
                        bytes[entryOffset + 2 + random.Next(nameLength)] = InterestingBytes[random.Next(InterestingBytes.Length)];
                    }

                    break;
            }
        }

        return bytes;
    }
}
