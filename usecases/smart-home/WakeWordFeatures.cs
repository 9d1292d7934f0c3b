namespace Vedliot.UseCases.SmartHome;

/// <summary>
/// openWakeWord's streaming feature pipeline, the glue between its three models: audio chunks become
/// melspectrogram inputs, melspectrogram outputs become 76-frame windows for the embedding model, and
/// embeddings become 16-embedding sequences for the wake-word model. Pure computation, no I/O.
/// </summary>
/// <remarks>
/// <para>
/// Audio: every <see cref="ChunkSamples"/>-sample chunk (80 ms at 16 kHz) is sent to the
/// melspectrogram model together with the <see cref="MelContextSamples"/> samples before it (zeros
/// before the first chunk), as openWakeWord does. The model frames audio in <see cref="MelFrameSamples"/>
/// samples every <see cref="MelHopSamples"/> without centring, so each chunk yields exactly
/// <see cref="MelFramesPerChunk"/> frames, and the frames of consecutive chunks continue one another as
/// if the whole stream had been transformed at once.
/// </para>
/// <para>
/// Mel frames: the values are scaled by x/10 + 2 (what openWakeWord applies before the embedding
/// model) and cut into windows of <see cref="MelFramesPerWindow"/> frames starting at frames 0, 8, 16, …
/// (the windows openWakeWord computes its training features over), shaped [1, 76, 32, 1].
/// </para>
/// <para>
/// Embeddings: once <see cref="EmbeddingsPerSequence"/> are held, every new one yields the sequence of
/// the latest 16, shaped [1, 16, 96].
/// </para>
/// <para>
/// The three streams hold separate state; each must be fed in order. Between calls the buffers hold at
/// most <see cref="MelContextSamples"/> samples, 75 mel frames and 16 embeddings. Not thread-safe.
/// </para>
/// </remarks>
public sealed class WakeWordFeatures
{
    /// <summary>Sample rate the models expect, in hertz.</summary>
    public const int SampleRateHz = 16_000;

    /// <summary>Samples per audio chunk (80 ms), the unit openWakeWord streams in.</summary>
    public const int ChunkSamples = 1280;

    /// <summary>Samples of earlier audio sent with each chunk so that mel frames line up across chunks (160 × 3).</summary>
    public const int MelContextSamples = 480;

    /// <summary>Samples in one melspectrogram model input: context plus chunk.</summary>
    public const int MelInputSamples = MelContextSamples + ChunkSamples;

    /// <summary>Samples one mel frame covers (the model's FFT window).</summary>
    public const int MelFrameSamples = 512;

    /// <summary>Samples between the starts of consecutive mel frames (10 ms).</summary>
    public const int MelHopSamples = 160;

    /// <summary>Mel frames the model produces per chunk: (1760 − 512) / 160 + 1.</summary>
    public const int MelFramesPerChunk = ((MelInputSamples - MelFrameSamples) / MelHopSamples) + 1;

    /// <summary>Mel bands per frame.</summary>
    public const int MelBins = 32;

    /// <summary>Mel frames in one embedding-model input window.</summary>
    public const int MelFramesPerWindow = 76;

    /// <summary>Mel frames between the starts of consecutive windows.</summary>
    public const int MelWindowStepFrames = 8;

    /// <summary>Values in one embedding.</summary>
    public const int EmbeddingSize = 96;

    /// <summary>Embeddings in one wake-word model input.</summary>
    public const int EmbeddingsPerSequence = 16;

    private readonly float[] _context = new float[MelContextSamples];
    private readonly float[] _melFrames = new float[MelFramesPerWindow * MelBins];
    private readonly float[] _embeddings = new float[EmbeddingsPerSequence * EmbeddingSize];
    private int _heldMelFrames;
    private int _heldEmbeddings;
    private int _oldestEmbedding;

    /// <summary>Shape of a melspectrogram model input: [1, 1760].</summary>
    public static IReadOnlyList<long> MelInputShape { get; } = [1, MelInputSamples];

    /// <summary>Shape of an embedding model input window: [1, 76, 32, 1].</summary>
    public static IReadOnlyList<long> MelWindowShape { get; } = [1, MelFramesPerWindow, MelBins, 1];

    /// <summary>Shape of a wake-word model input sequence: [1, 16, 96].</summary>
    public static IReadOnlyList<long> EmbeddingSequenceShape { get; } = [1, EmbeddingsPerSequence, EmbeddingSize];

    /// <summary>Audio chunks taken so far.</summary>
    public long ChunkCount { get; private set; }

    /// <summary>Mel frames taken so far.</summary>
    public long MelFrameCount { get; private set; }

    /// <summary>Mel windows produced so far.</summary>
    public long MelWindowCount { get; private set; }

    /// <summary>Embeddings taken so far.</summary>
    public long EmbeddingCount { get; private set; }

    /// <summary>Embedding sequences produced so far.</summary>
    public long SequenceCount { get; private set; }

    /// <summary>Where the audio that a mel window covers ends (window <c>i</c> is the <c>i</c>-th, from 0).</summary>
    /// <param name="windowIndex">The window's index; embedding <c>i</c> comes from window <c>i</c>.</param>
    /// <returns>The time, from the start of the stream, of the end of the window's last mel frame.</returns>
    public static TimeSpan AudioEndOfWindow(long windowIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(windowIndex);

        // Frame f covers stream samples [160 f − 480, 160 f + 32): the stream is preceded by the zero context.
        var lastFrame = (windowIndex * MelWindowStepFrames) + MelFramesPerWindow - 1;
        var endSample = (lastFrame * MelHopSamples) + MelFrameSamples - MelContextSamples;
        return SamplesToTime(endSample);
    }

    /// <summary>Where the audio that an embedding sequence covers ends (sequence <c>i</c> is the <c>i</c>-th, from 0).</summary>
    /// <param name="sequenceIndex">The sequence's index.</param>
    /// <returns>The time, from the start of the stream, of the end of its newest embedding's window.</returns>
    public static TimeSpan AudioEndOfSequence(long sequenceIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequenceIndex);
        return AudioEndOfWindow(sequenceIndex + EmbeddingsPerSequence - 1);
    }

    /// <summary>Converts a count of 16 kHz samples to time.</summary>
    /// <param name="samples">Samples at <see cref="SampleRateHz"/>.</param>
    /// <returns>The duration, exact to the tick.</returns>
    public static TimeSpan SamplesToTime(long samples) => TimeSpan.FromTicks(samples * (TimeSpan.TicksPerSecond / SampleRateHz));

    /// <summary>Takes the next audio chunk and returns the melspectrogram model's input for it.</summary>
    /// <param name="chunk">Exactly <see cref="ChunkSamples"/> samples at 16 kHz in int16 scale (−32768 … 32767).</param>
    /// <returns>A new array of <see cref="MelInputSamples"/> samples (shape <see cref="MelInputShape"/>): the previous 480 samples, then the chunk.</returns>
    /// <exception cref="ArgumentException">The chunk has the wrong length or holds a value that is not finite.</exception>
    public float[] AddAudio(ReadOnlySpan<float> chunk)
    {
        if (chunk.Length != ChunkSamples)
        {
            throw new ArgumentException($"An audio chunk holds {ChunkSamples} samples (80 ms at 16 kHz); this one holds {chunk.Length}.", nameof(chunk));
        }

        var bad = IndexOfNonFinite(chunk);
        if (bad >= 0)
        {
            throw new ArgumentException($"Audio sample {bad} of chunk {ChunkCount} is {chunk[bad]}, not a finite number.", nameof(chunk));
        }

        var input = new float[MelInputSamples];
        _context.CopyTo(input, 0);
        chunk.CopyTo(input.AsSpan(MelContextSamples));
        chunk[^MelContextSamples..].CopyTo(_context);
        ChunkCount++;
        return input;
    }

    /// <summary>Takes the next melspectrogram model output and returns the embedding-model windows it completes.</summary>
    /// <param name="mel">The model's raw (unscaled) output, row-major.</param>
    /// <param name="shape">Its shape, [1, 1, frames, 32].</param>
    /// <returns>
    /// New windows of 76 × 32 scaled values (shape <see cref="MelWindowShape"/>), oldest first: none,
    /// one, or more when a large output completes several.
    /// </returns>
    /// <exception cref="ArgumentException">The shape is not [1, 1, frames, 32] or does not match the data's length.</exception>
    public IReadOnlyList<float[]> AddMel(ReadOnlySpan<float> mel, IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Count != 4 || shape[0] != 1 || shape[1] != 1 || shape[2] < 0 || shape[3] != MelBins)
        {
            throw new ArgumentException($"A melspectrogram output has shape [1, 1, frames, {MelBins}]; this one has [{string.Join(", ", shape)}].", nameof(shape));
        }

        if (mel.Length != shape[2] * MelBins)
        {
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] needs {shape[2] * MelBins} values; {mel.Length} were given.", nameof(mel));
        }

        var windows = new List<float[]>();
        for (var offset = 0; offset < mel.Length; offset += MelBins)
        {
            AddMelFrame(mel.Slice(offset, MelBins), windows);
        }

        return windows;
    }

    /// <summary>Takes the next embedding and returns the sequence it completes, if any.</summary>
    /// <param name="embedding">The embedding model's output for one window: 96 values.</param>
    /// <param name="shape">Its shape: [1, 1, 1, 96] as the model gives it, or any shape of 96 with all other dimensions 1.</param>
    /// <returns>
    /// A new array of the latest 16 embeddings, oldest first (shape <see cref="EmbeddingSequenceShape"/>),
    /// or null while fewer than 16 have been taken.
    /// </returns>
    /// <exception cref="ArgumentException">The shape is not one embedding or does not match the data's length.</exception>
    public float[]? AddEmbedding(ReadOnlySpan<float> embedding, IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Count == 0 || shape[^1] != EmbeddingSize || shape.Take(shape.Count - 1).Any(d => d != 1))
        {
            throw new ArgumentException($"An embedding has shape [1, 1, 1, {EmbeddingSize}]; this one has [{string.Join(", ", shape)}].", nameof(shape));
        }

        if (embedding.Length != EmbeddingSize)
        {
            throw new ArgumentException($"An embedding holds {EmbeddingSize} values; {embedding.Length} were given.", nameof(embedding));
        }

        // A ring of the latest 16: slot _oldestEmbedding holds the oldest once the ring is full.
        var slot = (_oldestEmbedding + _heldEmbeddings) % EmbeddingsPerSequence;
        embedding.CopyTo(_embeddings.AsSpan(slot * EmbeddingSize, EmbeddingSize));
        if (_heldEmbeddings < EmbeddingsPerSequence)
        {
            _heldEmbeddings++;
        }
        else
        {
            _oldestEmbedding = (_oldestEmbedding + 1) % EmbeddingsPerSequence;
        }

        EmbeddingCount++;
        if (_heldEmbeddings < EmbeddingsPerSequence)
        {
            return null;
        }

        var sequence = new float[EmbeddingsPerSequence * EmbeddingSize];
        var split = (EmbeddingsPerSequence - _oldestEmbedding) * EmbeddingSize;
        _embeddings.AsSpan(_oldestEmbedding * EmbeddingSize).CopyTo(sequence);
        _embeddings.AsSpan(0, _oldestEmbedding * EmbeddingSize).CopyTo(sequence.AsSpan(split));
        SequenceCount++;
        return sequence;
    }

    private void AddMelFrame(ReadOnlySpan<float> frame, List<float[]> windows)
    {
        MelFrameCount++;

        var target = _melFrames.AsSpan(_heldMelFrames * MelBins, MelBins);
        for (var i = 0; i < MelBins; i++)
        {
            target[i] = (frame[i] / 10f) + 2f;
        }

        _heldMelFrames++;
        if (_heldMelFrames < MelFramesPerWindow)
        {
            return;
        }

        windows.Add(_melFrames.AsSpan(0, MelFramesPerWindow * MelBins).ToArray());
        MelWindowCount++;

        // The next window starts 8 frames later: keep the 68 frames it shares with this one.
        _melFrames.AsSpan(MelWindowStepFrames * MelBins, (MelFramesPerWindow - MelWindowStepFrames) * MelBins).CopyTo(_melFrames);
        _heldMelFrames = MelFramesPerWindow - MelWindowStepFrames;
    }

    private static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
