namespace Vedliot.Runtime.Exposure;

/// <summary>
/// Measures how well a model's input can be reconstructed from the tensors crossing a cut: a ridge-regression
/// decoder is fitted from crossing tensors to inputs on training inputs, and its reconstructions of held-out
/// inputs are scored (SSIM for images, correlation otherwise). The score is what a linear attacker holding
/// input–activation pairs recovers; a stronger (non-linear) attacker may recover more, so it is a lower bound.
/// </summary>
public sealed class ExposureEstimator
{
    private readonly ExposureOptions _options;

    /// <summary>Creates an estimator.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public ExposureEstimator(ExposureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>The exposure at the cut after <paramref name="position"/> operations.</summary>
    /// <param name="position">The cut's position (0 for the input itself).</param>
    /// <param name="input">The input's shape and metric.</param>
    /// <param name="inputs">The training inputs followed by the held-out inputs (<see cref="ExposureOptions.TrainInputs"/> + <see cref="ExposureOptions.HeldOutInputs"/>).</param>
    /// <param name="crossing">For each input, in the same order, the tensors crossing the cut.</param>
    /// <exception cref="ArgumentException">The counts do not match the options, or no tensor crosses the cut.</exception>
    public CutExposure Measure(int position, ExposureInput input, IReadOnlyList<float[]> inputs, IReadOnlyList<IReadOnlyList<CapturedTensor>> crossing)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(crossing);
        int train = _options.TrainInputs, heldOut = _options.HeldOutInputs;
        if (inputs.Count != train + heldOut || crossing.Count != inputs.Count)
        {
            throw new ArgumentException($"expected {train + heldOut} inputs and crossing sets, got {inputs.Count} and {crossing.Count}");
        }

        if (crossing[0].Count == 0)
        {
            throw new ArgumentException($"no tensor crosses the cut after {position} operations");
        }

        var targets = inputs.Select(i => input.Target(i)).ToList();
        var seed = _options.Seed + position;
        var local = input.Metric == ExposureMetric.Ssim
            ? LocalLayout.TryCreate(crossing[0], input.Channels, input.TargetHeight, input.TargetWidth, _options.MaxFeatures, seed)
            : null;
        DecoderLayout layout = local is null ? new GlobalLayout(crossing[0], input.TargetLength, _options.MaxFeatures, seed) : local;
        var decoder = Fit(layout, targets, crossing, seed);
        double total = 0;
        var features = new float[layout.FeatureCount];
        var part = new float[layout.TargetCount];
        for (var s = train; s < train + heldOut; s++)
        {
            var prepared = layout.Prepare(crossing[s]);
            var reconstruction = new float[input.TargetLength];
            for (var row = 0; row < layout.RowsPerSample; row++)
            {
                layout.Features(prepared, row, features);
                decoder.Predict(features, part);
                layout.PlacePart(part, row, reconstruction);
            }

            total += input.Score(targets[s], reconstruction);
        }

        return new CutExposure(position, total / heldOut, layout.Description);
    }

    /// <summary>
    /// What reveals nothing scores: the held-out inputs against the mean training input, the reconstruction a
    /// decoder makes when the crossing tensors carry no information. Exposures near it mean little is recovered.
    /// </summary>
    /// <param name="input">The input's shape and metric.</param>
    /// <param name="inputs">The training inputs followed by the held-out inputs, as for <see cref="Measure"/>.</param>
    public double Baseline(ExposureInput input, IReadOnlyList<float[]> inputs)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(inputs);
        int train = _options.TrainInputs, heldOut = _options.HeldOutInputs;
        var targets = inputs.Select(i => input.Target(i)).ToList();
        var mean = new float[input.TargetLength];
        for (var s = 0; s < train; s++)
        {
            for (var k = 0; k < mean.Length; k++)
            {
                mean[k] += targets[s][k] / train;
            }
        }

        return Enumerable.Range(train, heldOut).Average(s => input.Score(targets[s], (float[])mean.Clone()));
    }

    private RidgeDecoder Fit(DecoderLayout layout, List<float[]> targets, IReadOnlyList<IReadOnlyList<CapturedTensor>> crossing, int seed)
    {
        var train = _options.TrainInputs;
        var perSample = Math.Min(layout.RowsPerSample, _options.MaxTrainingRows / train);
        var rows = train * perSample;
        var features = new float[rows * layout.FeatureCount];
        var values = new float[rows * layout.TargetCount];
        var order = Enumerable.Range(0, layout.RowsPerSample).ToArray();
        for (var s = 0; s < train; s++)
        {
            // Local decoders see a fixed-seed sample of each image's cells, so rows stay within the budget.
            new Random(seed + s).Shuffle(order);
            var prepared = layout.Prepare(crossing[s]);
            for (var k = 0; k < perSample; k++)
            {
                var at = (s * perSample) + k;
                layout.Features(prepared, order[k], features.AsSpan(at * layout.FeatureCount, layout.FeatureCount));
                layout.TargetPart(targets[s], order[k], values.AsSpan(at * layout.TargetCount, layout.TargetCount));
            }
        }

        return RidgeDecoder.Fit(features, values, rows, _options.ValidationInputs * perSample);
    }
}
