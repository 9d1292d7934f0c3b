using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Accelerators.Tensors;
using Vedliot.Runtime;
using Vedliot.Runtime.Exposure;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Profiling;

namespace Vedliot.Hosting.Exposure;

/// <summary>
/// Measures a model's exposure at the identity cut and at its candidate cuts: generates inputs (structured
/// images for image models, audio-like signals otherwise) with a fixed seed, runs the whole model once per
/// input with ONNX Runtime recording every tensor crossing a candidate cut, and fits and scores one decoder
/// per cut (<see cref="ExposureEstimator"/>). Results are cached beside the profiles.
/// </summary>
public static class ModelExposure
{
    /// <summary>Measures the exposure of <paramref name="graph"/>'s input at <paramref name="candidateCuts"/>.</summary>
    /// <param name="graph">The model; it must have exactly one input, a numeric tensor.</param>
    /// <param name="candidateCuts">The cut positions, ascending (those of the profile).</param>
    /// <param name="dimensions">Sizes of symbolic dimensions of a non-image input (an image's height and width come from <see cref="ExposureOptions.ImageSize"/>).</param>
    /// <param name="runtime">ONNX Runtime options.</param>
    /// <param name="options">How many inputs, how big, how large the decoders.</param>
    /// <param name="cacheDirectory">Folder of cached results, or null to measure again.</param>
    /// <param name="cancellationToken">Observed between inputs and between cuts.</param>
    /// <exception cref="ExposureUnavailableException">The model's inputs do not allow the measurement.</exception>
    /// <exception cref="VedliotException">ONNX Runtime cannot load or run the model.</exception>
    public static ExposureProfile Measure(ModelGraph graph, IReadOnlyList<int> candidateCuts, IReadOnlyDictionary<string, long> dimensions, OnnxRuntimeOptions runtime, ExposureOptions options, string? cacheDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(candidateCuts);
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (graph.Inputs.Count != 1)
        {
            throw new ExposureUnavailableException($"{graph.Source}: exposure is measured for models with one input; this one has {graph.Inputs.Count}");
        }

        var cache = cacheDirectory is null ? null : new ProfileCache(cacheDirectory);
        var key = ProfileCache.Key(
            "exposure 2",
            Convert.ToHexStringLower(SHA256.HashData(graph.Model.ToByteArray())),
            string.Join(",", candidateCuts),
            string.Join(";", dimensions.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={d.Value}")),
            options.Key,
            $"onnxruntime {OnnxRuntimeBuild.NativeLibraryVersion()}");
        if (cache is not null && cache.TryLoad<ExposureProfile>(key, out var cached))
        {
            return cached;
        }

        var profile = MeasureNow(graph, candidateCuts, dimensions, runtime, options, cancellationToken);
        cache?.Save(key, profile);
        return profile;
    }

    private static ExposureProfile MeasureNow(ModelGraph graph, IReadOnlyList<int> candidateCuts, IReadOnlyDictionary<string, long> dimensions, OnnxRuntimeOptions runtime, ExposureOptions options, CancellationToken cancellationToken)
    {
        var inputName = graph.Inputs[0].Name;
        var crossingAt = candidateCuts.Select(p => graph.CutPoints[p - 1].Crossing.Select(t => t.Name).ToList()).ToList();
        using var recorder = new ActivationRecorder(graph.Model, crossingAt.SelectMany(c => c).Where(n => n != inputName), runtime, $"{graph.Source} (exposure)");
        var input = Describe(recorder.InputMetadata[inputName], dimensions, options, graph.Source);
        var shape = input.Shape.ToArray();
        var random = new Random(options.Seed);
        var count = options.TrainInputs + options.HeldOutInputs;
        var inputs = new List<float[]>(count);
        var recorded = new List<IReadOnlyDictionary<string, CapturedTensor>>(count);
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var values = input.Metric == ExposureMetric.Ssim
                ? SyntheticImages.Generate(random, input.Channels, (int)shape[2], (int)shape[3])
                : SyntheticSignals.Generate(random, input.Length);
            inputs.Add(values);
            using var value = OrtValue.CreateTensorValueFromMemory(values, shape);
            recorded.Add(recorder.Record(new Dictionary<string, OrtValue>(StringComparer.Ordinal) { [inputName] = value }));
        }

        var estimator = new ExposureEstimator(options);
        var cuts = new List<CutExposure>
        {
            estimator.Measure(0, input, inputs, [.. inputs.Select(v => (IReadOnlyList<CapturedTensor>)[new CapturedTensor(inputName, shape, v)])]),
        };
        for (var c = 0; c < candidateCuts.Count; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var names = crossingAt[c];
            var crossing = Enumerable.Range(0, count)
                .Select(s => (IReadOnlyList<CapturedTensor>)[.. names.Select(n => n == inputName ? new CapturedTensor(n, shape, inputs[s]) : recorded[s].GetValueOrDefault(n)).OfType<CapturedTensor>()])
                .ToList();
            cuts.Add(crossing[0].Count == 0
                ? new CutExposure(candidateCuts[c], 0, "no numeric tensor crosses this cut")
                : estimator.Measure(candidateCuts[c], input, inputs, crossing));
        }

        var description = string.Create(CultureInfo.InvariantCulture, $"{inputName} float[{string.Join(",", shape)}], {(input.Metric == ExposureMetric.Ssim ? "synthetic images (gradients, shapes, text-like strokes)" : "audio-like signals (tones under envelopes)")}, seed {options.Seed}");
        return new ExposureProfile(input.Metric, description, options.TrainInputs, options.HeldOutInputs, cuts) { Baseline = estimator.Baseline(input, inputs) };
    }

    // An input [N, 1|3, H, W] is an image (N = 1, symbolic H and W take the option's size); any other numeric input a signal.
    private static ExposureInput Describe(NodeMetadata metadata, IReadOnlyDictionary<string, long> dimensions, ExposureOptions options, string source)
    {
        if (!metadata.IsTensor || metadata.ElementDataType != Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float)
        {
            throw new ExposureUnavailableException($"{source}: exposure is measured for float inputs, and this model's input is {(metadata.IsTensor ? metadata.ElementDataType.ToString() : metadata.OnnxValueType.ToString())}");
        }

        var rank = metadata.Dimensions.Length;
        var image = rank == 4 && metadata.Dimensions[1] is 1 or 3;
        var shape = new long[rank];
        for (var i = 0; i < rank; i++)
        {
            var symbol = i < metadata.SymbolicDimensions.Length ? metadata.SymbolicDimensions[i] : string.Empty;
            shape[i] = metadata.Dimensions[i] > 0 ? metadata.Dimensions[i]
                : i == 0 ? 1
                : image ? options.ImageSize
                : dimensions.TryGetValue(symbol, out var size) ? size
                : RandomInputs.DefaultDimension;
        }

        if (shape[0] != 1)
        {
            throw new ExposureUnavailableException($"{source}: exposure is measured one input at a time, but the input's batch dimension is fixed at {shape[0]}");
        }

        if (image && (shape[2] < 11 || shape[3] < 11))
        {
            throw new ExposureUnavailableException($"{source}: the input image {shape[2]}×{shape[3]} is smaller than the 11×11 SSIM window");
        }

        return image ? ExposureInput.Image((int)shape[1], (int)shape[2], (int)shape[3]) : new ExposureInput(ExposureMetric.Pearson, shape);
    }
}
