using System.Buffers;
using System.Diagnostics;
using Vedliot.Messaging.Tensors;
using Vedliot.Runtime.Placement;

namespace Vedliot.Runtime.Profiling;

/// <summary>
/// Measures what the tensor bundle codec the nodes use costs on this host: bundles of one float32 tensor of
/// several sizes are encoded and decoded (with their checksums verified) repeatedly, the median time per
/// size is taken, and a straight line through the medians (least squares) gives the fixed part and the
/// part per byte. Measured once per process: the figure describes the host, not a model.
/// </summary>
public static class TensorCodecCalibration
{
    private static readonly int[] SizesBytes = [4 << 10, 256 << 10, 1 << 20, 4 << 20];
    private static readonly Lazy<TensorCodecCost> Measured = new(Measure, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>This host's codec cost (measured on first use, in a few hundred milliseconds).</summary>
    public static TensorCodecCost OnThisHost => Measured.Value;

    /// <summary>Measures the codec now.</summary>
    /// <param name="repetitions">Runs per size after one warm-up; at least 3.</param>
    /// <returns>The fitted fixed and per-byte costs of encoding and of decoding; never negative.</returns>
    public static TensorCodecCost Measure(int repetitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repetitions, 3);
        var encode = new double[SizesBytes.Length];
        var decode = new double[SizesBytes.Length];
        var output = new ArrayBufferWriter<byte>();
        for (var s = 0; s < SizesBytes.Length; s++)
        {
            var bundle = Bundle(SizesBytes[s]);
            var encodeTimes = new double[repetitions];
            var decodeTimes = new double[repetitions];
            for (var r = -1; r < repetitions; r++)
            {
                output.ResetWrittenCount();
                var start = Stopwatch.GetTimestamp();
                TensorBundleCodec.Encode(bundle, output);
                var encoded = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                start = Stopwatch.GetTimestamp();
                TensorBundleCodec.Decode(output.WrittenMemory);
                var decoded = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (r >= 0)
                {
                    (encodeTimes[r], decodeTimes[r]) = (encoded, decoded);
                }
            }

            (encode[s], decode[s]) = (Median(encodeTimes), Median(decodeTimes));
        }

        var (encodeFixed, encodePerByte) = Fit(encode);
        var (decodeFixed, decodePerByte) = Fit(decode);
        return new TensorCodecCost(encodeFixed, encodePerByte, decodeFixed, decodePerByte);
    }

    private static TensorCodecCost Measure() => Measure(15);

    private static TensorBundle Bundle(int bytes)
    {
        var data = new byte[bytes];
        new Random(bytes).NextBytes(data);
        var frame = new TensorFrame { ElementType = TensorElementType.Float32, Shape = [bytes / 4], Data = data };
        return new TensorBundle { Tensors = [new NamedTensor { Name = "calibration", Frame = frame }] };
    }

    // Least squares through (size, time); a negative intercept or slope (timer noise) is taken as 0.
    private static (double FixedMs, double MsPerByte) Fit(double[] times)
    {
        var meanSize = SizesBytes.Average(b => (double)b);
        var meanTime = times.Average();
        var covariance = SizesBytes.Select((b, i) => (b - meanSize) * (times[i] - meanTime)).Sum();
        var variance = SizesBytes.Sum(b => (b - meanSize) * (b - meanSize));
        var slope = Math.Max(0, covariance / variance);
        return (Math.Max(0, meanTime - (slope * meanSize)), slope);
    }

    private static double Median(double[] values) => values.Order().ElementAt(values.Length / 2);
}
