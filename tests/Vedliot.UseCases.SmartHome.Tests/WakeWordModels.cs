using Microsoft.ML.OnnxRuntime;
using Vedliot.Testing;

namespace Vedliot.UseCases.SmartHome.Tests;

/// <summary>
/// openWakeWord's three models (melspectrogram, embedding, hey_jarvis) run in-process by ONNX Runtime
/// over <see cref="WakeWordFeatures"/>: what the three deployed pipelines compute, without MQTT.
/// </summary>
public sealed class WakeWordModels : IDisposable
{
    private readonly InferenceSession _mel = new(RepositoryPaths.WakeWordModel("melspectrogram.onnx"));
    private readonly InferenceSession _embedding = new(RepositoryPaths.WakeWordModel("embedding_model.onnx"));
    private readonly InferenceSession _heyJarvis = new(RepositoryPaths.WakeWordModel("hey_jarvis_v0.1.onnx"));
    private readonly RunOptions _run = new();

    /// <summary>Streams 16 kHz audio through the glue and the models, one score per embedding sequence.</summary>
    public IReadOnlyList<(TimeSpan AudioEnd, float Score)> Scores(ReadOnlySpan<float> audio)
    {
        var features = new WakeWordFeatures();
        var scores = new List<(TimeSpan, float)>();
        for (var start = 0; start + WakeWordFeatures.ChunkSamples <= audio.Length; start += WakeWordFeatures.ChunkSamples)
        {
            var (mel, melShape) = Melspectrogram(features.AddAudio(audio.Slice(start, WakeWordFeatures.ChunkSamples)));
            foreach (var window in features.AddMel(mel, melShape))
            {
                var (embedding, embeddingShape) = Embedding(window);
                if (features.AddEmbedding(embedding, embeddingShape) is { } sequence)
                {
                    var (score, _) = HeyJarvis(sequence);
                    scores.Add((WakeWordFeatures.AudioEndOfSequence(features.SequenceCount - 1), Assert.Single(score)));
                }
            }
        }

        return scores;
    }

    /// <summary>Runs the melspectrogram model on 16 kHz audio of any length (at least 512 samples).</summary>
    public (float[] Values, long[] Shape) Melspectrogram(float[] audio) => Run(_mel, audio, [1, audio.Length]);

    /// <summary>Runs the embedding model on one window [1, 76, 32, 1].</summary>
    public (float[] Values, long[] Shape) Embedding(float[] window) => Run(_embedding, window, WakeWordFeatures.MelWindowShape);

    /// <summary>Runs the wake-word model on one sequence [1, 16, 96].</summary>
    public (float[] Values, long[] Shape) HeyJarvis(float[] sequence) => Run(_heyJarvis, sequence, WakeWordFeatures.EmbeddingSequenceShape);

    public void Dispose()
    {
        _run.Dispose();
        _mel.Dispose();
        _embedding.Dispose();
        _heyJarvis.Dispose();
    }

    private (float[] Values, long[] Shape) Run(InferenceSession session, float[] input, IReadOnlyList<long> shape)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape.ToArray());
        using var results = session.Run(_run, [session.InputNames[0]], [value], [session.OutputNames[0]]);
        return (results[0].GetTensorDataAsSpan<float>().ToArray(), results[0].GetTensorTypeAndShape().Shape);
    }
}
