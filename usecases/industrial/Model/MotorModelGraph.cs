using Google.Protobuf;
using Onnx;
using static Vedliot.UseCases.Industrial.Model.MotorModelDesign;

namespace Vedliot.UseCases.Industrial.Model;

/// <summary>
/// Writes the trained model as one ONNX graph (opset 17), its pre-processing included, so that partitioning may put
/// the spectra on one module and the classifier on another: inputs <c>vibration</c> [batch, 4096] (g at 4,096 Hz) and
/// <c>rpm</c> [batch, 1]; output <c>scores</c> [batch, 6]; the tensor <c>features</c> [batch, 94] is where the two
/// halves meet. The DFT is a MatMul whose cos/sin basis the graph computes from the speed (phase = f<sub>r</sub> ·
/// 2πn·o<sub>k</sub>/f<sub>s</sub>), so the spectra are in orders of the running speed; the filter bank is a MatMul too.
/// </summary>
internal static class MotorModelGraph
{
    /// <summary>The graph's name, written into the file.</summary>
    public const string Name = "vedliot-motor-condition";

    /// <summary>Input: one window of radial acceleration per row.</summary>
    public const string VibrationInput = "vibration";

    /// <summary>Input: the shaft speed of each window, rpm.</summary>
    public const string RpmInput = "rpm";

    /// <summary>Output: a score per condition, summing to 1.</summary>
    public const string ScoresOutput = "scores";

    /// <summary>The tensor between pre-processing and classifier.</summary>
    public const string Features = "features";

    private const string Batch = "batch";

    /// <summary>The model's bytes.</summary>
    /// <param name="classifier">The trained weights.</param>
    /// <param name="producerVersion">Written as the producer's version (the training digest).</param>
    public static byte[] Write(MotorClassifier classifier, string producerVersion)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        var graph = new GraphProto { Name = Name };
        graph.Input.Add(Value(VibrationInput, [-1, WindowSamples]));
        graph.Input.Add(Value(RpmInput, [-1, 1]));
        graph.Output.Add(Value(ScoresOutput, [-1, classifier.Classes]));

        var phaseUnit = new float[WindowSamples * GridPoints];
        for (var n = 0; n < WindowSamples; n++)
        {
            for (var k = 0; k < GridPoints; k++)
            {
                phaseUnit[(n * GridPoints) + k] = (float)(2 * Math.PI * n * GridOrder(k) / SampleRateHz);
            }
        }

        var bank = FilterBank();
        var stackedBank = new float[2 * GridPoints * Bands];
        for (var k = 0; k < GridPoints; k++)
        {
            for (var m = 0; m < Bands; m++)
            {
                stackedBank[(k * Bands) + m] = stackedBank[((GridPoints + k) * Bands) + m] = (float)bank[k, m];
            }
        }

        Constant(graph, "per_minute", [], [1f / 60]);
        Constant(graph, "phase_unit", [WindowSamples, GridPoints], phaseUnit);
        Constant(graph, "hann", [WindowSamples], [.. Hann().Select(w => (float)w)]);
        Constant(graph, "filter_bank", [2 * GridPoints, Bands], stackedBank);
        Constant(graph, "epsilon", [], [(float)Epsilon]);
        Constant(graph, "axis_1", [1], [1L]);
        Constant(graph, "axis_2", [1], [2L]);
        Constant(graph, "slice_start", [1], [1L]);
        Constant(graph, "slice_end", [1], [(long)WindowSamples]);
        Constant(graph, "slice_from0", [1], [0L]);
        Constant(graph, "slice_to_last", [1], [WindowSamples - 1L]);
        Constant(graph, "pad_one_after", [4], [0L, 0L, 0L, 1L]);
        Constant(graph, "features_shape", [2], [-1L, FeatureCount]);
        Constant(graph, "feature_mean", [FeatureCount], classifier.Mean);
        Constant(graph, "feature_scale", [FeatureCount], classifier.Scale);
        Constant(graph, "w1", [FeatureCount, classifier.Hidden], classifier.W1);
        Constant(graph, "b1", [classifier.Hidden], classifier.B1);
        Constant(graph, "w2", [classifier.Hidden, classifier.Classes], classifier.W2);
        Constant(graph, "b2", [classifier.Classes], classifier.B2);

        // The basis: phase [batch, N, K] = (rpm/60) · 2πn·o_k/fs; cos and sin side by side [batch, N, 2K].
        Node(graph, "Mul", [RpmInput, "per_minute"], "shaft_hz");
        Node(graph, "Unsqueeze", ["shaft_hz", "axis_2"], "shaft_hz_3d");
        Node(graph, "Mul", ["shaft_hz_3d", "phase_unit"], "phase");
        Node(graph, "Cos", ["phase"], "basis_cos");
        Node(graph, "Sin", ["phase"], "basis_sin");
        Node(graph, "Concat", ["basis_cos", "basis_sin"], "basis", Int("axis", 2));

        // Row 1: the acceleration less its mean, windowed.
        Node(graph, "ReduceMean", [VibrationInput], "vibration_mean", Ints("axes", 1));
        Node(graph, "Sub", [VibrationInput, "vibration_mean"], "vibration_centred");
        Node(graph, "Mul", ["vibration_centred", "hann"], "vibration_windowed");

        // Row 2: the envelope (x[n+1] − x[n])², zero at the end, less its mean, windowed.
        Node(graph, "Slice", [VibrationInput, "slice_start", "slice_end", "axis_1"], "later");
        Node(graph, "Slice", [VibrationInput, "slice_from0", "slice_to_last", "axis_1"], "earlier");
        Node(graph, "Sub", ["later", "earlier"], "difference");
        Node(graph, "Mul", ["difference", "difference"], "difference_squared");
        Node(graph, "Pad", ["difference_squared", "pad_one_after"], "envelope");
        Node(graph, "ReduceMean", ["envelope"], "envelope_mean", Ints("axes", 1));
        Node(graph, "Sub", ["envelope", "envelope_mean"], "envelope_centred");
        Node(graph, "Mul", ["envelope_centred", "hann"], "envelope_windowed");

        Node(graph, "Unsqueeze", ["vibration_windowed", "axis_1"], "row_vibration");
        Node(graph, "Unsqueeze", ["envelope_windowed", "axis_1"], "row_envelope");
        Node(graph, "Concat", ["row_vibration", "row_envelope"], "rows", Int("axis", 1));

        // Spectra [batch, 2, 2K], power summed into bands [batch, 2, M], log, less each row's mean.
        Node(graph, "MatMul", ["rows", "basis"], "spectrum");
        Node(graph, "Mul", ["spectrum", "spectrum"], "spectrum_squared");
        Node(graph, "MatMul", ["spectrum_squared", "filter_bank"], "band_energy");
        Node(graph, "Add", ["band_energy", "epsilon"], "band_energy_floored");
        Node(graph, "Log", ["band_energy_floored"], "band_log");
        Node(graph, "ReduceMean", ["band_log"], "band_log_mean", Ints("axes", 2));
        Node(graph, "Sub", ["band_log", "band_log_mean"], "band_shape");
        Node(graph, "Reshape", ["band_shape", "features_shape"], Features);

        // The classifier.
        Node(graph, "Sub", [Features, "feature_mean"], "features_centred");
        Node(graph, "Mul", ["features_centred", "feature_scale"], "features_standard");
        Node(graph, "Gemm", ["features_standard", "w1", "b1"], "hidden_linear");
        Node(graph, "Relu", ["hidden_linear"], "hidden");
        Node(graph, "Gemm", ["hidden", "w2", "b2"], "logits");
        Node(graph, "Softmax", ["logits"], ScoresOutput, Int("axis", -1));

        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "vedliot-industrial",
            ProducerVersion = producerVersion,
            DocString = "Motor condition from one second of radial vibration and the shaft speed; scores: healthy, outer_race, inner_race, imbalance, misalignment, looseness. Trained by the Vedliot industrial use case on simulated signals.",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 17 });
        return model.ToByteArray();
    }

    private static ValueInfoProto Value(string name, long[] shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (var d in shape)
        {
            tensorShape.Dim.Add(d < 0 ? new TensorShapeProto.Types.Dimension { DimParam = Batch } : new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = tensorShape } },
        };
    }

    private static void Constant(GraphProto graph, string name, long[] dims, float[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        graph.Initializer.Add(tensor);
    }

    private static void Constant(GraphProto graph, string name, long[] dims, long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange(dims);
        tensor.Int64Data.AddRange(values);
        graph.Initializer.Add(tensor);
    }

    private static void Node(GraphProto graph, string op, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = output + "_" + op };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
    }

    private static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }
}
