using System.Buffers.Binary;

namespace Vedliot.Fuzzing;

/// <summary>
/// Fixed-seed byte mutations in the style of AFL's havoc stage: bit flips, interesting values (boundaries of
/// 8-, 16-, 32- and 64-bit length fields, both byte orders), inserted, deleted and duplicated runs, truncation
/// and splicing with another corpus entry. The same seed always gives the same inputs.
/// </summary>
public sealed class Mutator
{
    private static readonly byte[] InterestingBytes = [0, 1, 7, 8, 0x10, 0x20, 0x7F, 0x80, 0xC0, 0xFE, 0xFF];
    private static readonly ushort[] InterestingShorts = [0, 1, 0x7F, 0x80, 0xFF, 0x100, 0x3FF, 0x400, 0x7FFF, 0x8000, 0xFFFF];
    private static readonly uint[] InterestingInts = [0, 1, 0x7F, 0x80, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF];

    private readonly Random random;

    /// <summary>Creates a mutator.</summary>
    /// <param name="seed">The seed: the same seed gives the same mutations.</param>
    public Mutator(int seed) => random = new Random(seed);

    /// <summary>A random number below <paramref name="maxExclusive"/>, from this mutator's stream.</summary>
    /// <param name="maxExclusive">The bound.</param>
    /// <returns>The number.</returns>
    public int Next(int maxExclusive) => random.Next(maxExclusive);

    /// <summary>A mutated copy of <paramref name="input"/>, with 1 to 8 mutations.</summary>
    /// <param name="input">The corpus entry.</param>
    /// <param name="other">Another entry, for splicing.</param>
    /// <returns>The new input.</returns>
    public byte[] Mutate(byte[] input, byte[] other)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(other);
        var bytes = (byte[])input.Clone();
        var count = 1 << random.Next(4);
        for (var m = 0; m < count; m++)
        {
            bytes = MutateOnce(bytes, other);
        }

        return bytes;
    }

    private byte[] MutateOnce(byte[] bytes, byte[] other)
    {
        switch (random.Next(11))
        {
            case 0 when bytes.Length > 0:
                bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                return bytes;
            case 1 when bytes.Length > 0:
                bytes[random.Next(bytes.Length)] = InterestingBytes[random.Next(InterestingBytes.Length)];
                return bytes;
            case 2 when bytes.Length >= 2:
                {
                    var value = InterestingShorts[random.Next(InterestingShorts.Length)];
                    var span = bytes.AsSpan(random.Next(bytes.Length - 1), 2);
                    if (random.Next(2) == 0)
                    {
                        BinaryPrimitives.WriteUInt16LittleEndian(span, value);
                    }
                    else
                    {
                        BinaryPrimitives.WriteUInt16BigEndian(span, value);
                    }

                    return bytes;
                }

            case 3 when bytes.Length >= 4:
                {
                    var value = InterestingInts[random.Next(InterestingInts.Length)];
                    var span = bytes.AsSpan(random.Next(bytes.Length - 3), 4);
                    if (random.Next(2) == 0)
                    {
                        BinaryPrimitives.WriteUInt32LittleEndian(span, value);
                    }
                    else
                    {
                        BinaryPrimitives.WriteUInt32BigEndian(span, value);
                    }

                    return bytes;
                }

            case 4 when bytes.Length >= 8:
                BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(random.Next(bytes.Length - 7), 8), random.Next(3) switch { 0 => ulong.MaxValue, 1 => 1UL << 32, _ => (ulong)int.MaxValue + 1 });
                return bytes;
            case 5 when bytes.Length > 0:
                bytes[random.Next(bytes.Length)] += (byte)(random.Next(70) - 35);
                return bytes;
            case 6:
                {
                    var extra = new byte[1 + random.Next(16)];
                    random.NextBytes(extra);
                    var at = random.Next(bytes.Length + 1);
                    return [.. bytes.AsSpan(0, at), .. extra, .. bytes.AsSpan(at)];
                }

            case 7 when bytes.Length > 1:
                {
                    var from = random.Next(bytes.Length);
                    var length = Math.Min(bytes.Length - from, 1 + random.Next(16));
                    return [.. bytes.AsSpan(0, from), .. bytes.AsSpan(from + length)];
                }

            case 8 when bytes.Length > 1:
                {
                    // Duplicate a run in place: repeated fields, entries and list items.
                    var from = random.Next(bytes.Length);
                    var length = Math.Min(bytes.Length - from, 1 + random.Next(32));
                    return [.. bytes.AsSpan(0, from + length), .. bytes.AsSpan(from, length), .. bytes.AsSpan(from + length)];
                }

            case 9 when bytes.Length > 0:
                return bytes[..random.Next(bytes.Length)];
            case 10 when other.Length > 0:
                {
                    var cut = random.Next(bytes.Length + 1);
                    var otherCut = random.Next(other.Length);
                    return [.. bytes.AsSpan(0, cut), .. other.AsSpan(otherCut)];
                }

            default:
                return bytes;
        }
    }
}
