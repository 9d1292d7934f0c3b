namespace Vedliot.UseCases.SmartHome.Tests;

public class WakeWordFeaturesTests
{
    /// <summary>Raw mel frames whose every value is the frame's global index, so windows show which frames they hold.</summary>
    private static float[] IndexedFrames(int first, int count)
    {
        var values = new float[count * WakeWordFeatures.MelBins];
        for (var f = 0; f < count; f++)
        {
            values.AsSpan(f * WakeWordFeatures.MelBins, WakeWordFeatures.MelBins).Fill(first + f);
        }

        return values;
    }

    private static long[] MelShape(int frames) => [1, 1, frames, WakeWordFeatures.MelBins];

    private static float[] Embedding(int index) => Enumerable.Range(0, WakeWordFeatures.EmbeddingSize).Select(i => (index * 1000f) + i).ToArray();

    [Fact]
    public void Each_chunk_goes_to_the_melspectrogram_model_after_the_480_samples_before_it()
    {
        var features = new WakeWordFeatures();
        var first = Enumerable.Range(1, 1280).Select(i => (float)i).ToArray();
        var second = Enumerable.Range(10_001, 1280).Select(i => (float)i).ToArray();

        var input1 = features.AddAudio(first);
        var input2 = features.AddAudio(second);

        Assert.Equal([1L, 1760L], WakeWordFeatures.MelInputShape);
        Assert.Equal(new float[480], input1[..480]);
        Assert.Equal(first, input1[480..]);
        Assert.Equal(first[^480..], input2[..480]);
        Assert.Equal(second, input2[480..]);
        Assert.Equal(2, features.ChunkCount);
    }

    [Fact]
    public void The_model_frames_1760_samples_into_8_frames_so_chunks_continue_one_another()
    {
        Assert.Equal(8, WakeWordFeatures.MelFramesPerChunk);
        Assert.Equal(WakeWordFeatures.ChunkSamples, WakeWordFeatures.MelFramesPerChunk * WakeWordFeatures.MelHopSamples);
    }

    [Theory]
    [InlineData(1279)]
    [InlineData(1281)]
    [InlineData(0)]
    public void A_chunk_of_the_wrong_length_is_refused(int length)
    {
        var error = Assert.Throws<ArgumentException>(() => new WakeWordFeatures().AddAudio(new float[length]));

        Assert.Contains($"holds 1280 samples (80 ms at 16 kHz); this one holds {length}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chunk_holding_nan_is_refused()
    {
        var chunk = new float[1280];
        chunk[7] = float.NaN;

        Assert.Contains("sample 7 of chunk 0 is NaN", Assert.Throws<ArgumentException>(() => new WakeWordFeatures().AddAudio(chunk)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mel_frames_make_a_window_once_76_are_held_and_then_one_every_8_frames()
    {
        var features = new WakeWordFeatures();
        var windowsPerChunk = new List<int>();
        var windows = new List<float[]>();
        for (var chunk = 0; chunk < 20; chunk++)
        {
            var made = features.AddMel(IndexedFrames(chunk * 8, 8), MelShape(8));
            windowsPerChunk.Add(made.Count);
            windows.AddRange(made);
        }

        // 160 frames: windows start at 0, 8, …, 80 (the last one ends at frame 155).
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], windowsPerChunk);
        Assert.Equal(11, features.MelWindowCount);
        Assert.Equal(160, features.MelFrameCount);
        Assert.All(windows, w => Assert.Equal(76 * 32, w.Length));
        Assert.Equal([1L, 76L, 32L, 1L], WakeWordFeatures.MelWindowShape);
        for (var i = 0; i < windows.Count; i++)
        {
            for (var frame = 0; frame < 76; frame++)
            {
                // Raw value = global frame index; the window holds it scaled by x/10 + 2.
                var expected = ((8 * i) + frame) / 10f + 2f;
                Assert.All(windows[i].AsSpan(frame * 32, 32).ToArray(), v => Assert.Equal(expected, v, 1e-5f));
            }
        }
    }

    [Fact]
    public void Windows_do_not_depend_on_how_the_mel_frames_are_split()
    {
        var oneGo = new WakeWordFeatures().AddMel(IndexedFrames(0, 200), MelShape(200));
        var split = new WakeWordFeatures();
        var pieces = new List<float[]>();
        var sizes = new[] { 1, 5, 8, 13, 0, 40, 3, 76, 54 };
        var start = 0;
        foreach (var size in sizes)
        {
            pieces.AddRange(split.AddMel(IndexedFrames(start, size), MelShape(size)));
            start += size;
        }

        Assert.Equal(200, start);
        Assert.Equal(16, oneGo.Count); // (200 − 76) / 8 + 1
        Assert.Equal(oneGo, pieces);
    }

    [Theory]
    [InlineData(new long[] { 1, 8, 32 })]
    [InlineData(new long[] { 1, 1, 8, 31 })]
    [InlineData(new long[] { 2, 1, 4, 32 })]
    [InlineData(new long[] { 1, 2, 4, 32 })]
    public void A_mel_output_of_another_shape_is_refused(long[] shape)
    {
        var error = Assert.Throws<ArgumentException>(() => new WakeWordFeatures().AddMel(new float[256], shape));

        Assert.Contains($"has shape [1, 1, frames, 32]; this one has [{string.Join(", ", shape)}]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mel_output_whose_data_does_not_fill_its_shape_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new WakeWordFeatures().AddMel(new float[255], MelShape(8)));

        Assert.Contains("needs 256 values; 255 were given", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Embeddings_make_a_sequence_of_the_latest_16_for_each_new_one_once_16_are_held()
    {
        var features = new WakeWordFeatures();
        var sequences = new List<(int Newest, float[] Values)>();
        for (var i = 0; i < 40; i++)
        {
            var sequence = features.AddEmbedding(Embedding(i), [1, 1, 1, 96]);
            Assert.Equal(i >= 15, sequence is not null);
            if (sequence is not null)
            {
                sequences.Add((i, sequence));
            }
        }

        Assert.Equal(25, sequences.Count);
        Assert.Equal(25, features.SequenceCount);
        Assert.Equal(40, features.EmbeddingCount);
        Assert.Equal([1L, 16L, 96L], WakeWordFeatures.EmbeddingSequenceShape);
        foreach (var (newest, values) in sequences)
        {
            Assert.Equal(16 * 96, values.Length);
            var expected = Enumerable.Range(newest - 15, 16).SelectMany(Embedding).ToArray();
            Assert.Equal(expected, values);
        }
    }

    [Theory]
    [InlineData(new long[] { 96 })]
    [InlineData(new long[] { 1, 96 })]
    [InlineData(new long[] { 1, 1, 1, 96 })]
    public void An_embedding_may_come_in_any_shape_of_one_96_value_vector(long[] shape)
    {
        var features = new WakeWordFeatures();

        Assert.Null(features.AddEmbedding(Embedding(0), shape));
        Assert.Equal(1, features.EmbeddingCount);
    }

    [Theory]
    [InlineData(new long[] { 2, 96 }, 96)]
    [InlineData(new long[] { 1, 1, 1, 95 }, 95)]
    [InlineData(new long[] { 96, 1 }, 96)]
    [InlineData(new long[0], 96)]
    public void An_embedding_of_another_shape_is_refused(long[] shape, int length)
    {
        var error = Assert.Throws<ArgumentException>(() => new WakeWordFeatures().AddEmbedding(new float[length], shape));

        Assert.Contains("An embedding has shape [1, 1, 1, 96]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_embedding_whose_data_is_not_96_values_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new WakeWordFeatures().AddEmbedding(new float[95], [1, 1, 1, 96]));

        Assert.Contains("holds 96 values; 95 were given", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_window_ends_where_its_last_mel_frame_ends_in_the_audio()
    {
        // Frame f covers audio samples [160 f − 480, 160 f + 32); window 0's last frame is 75.
        Assert.Equal(TimeSpan.FromSeconds(12_032 / 16_000.0), WakeWordFeatures.AudioEndOfWindow(0));
        Assert.Equal(TimeSpan.FromSeconds((12_032 + 1_280) / 16_000.0), WakeWordFeatures.AudioEndOfWindow(1));

        // A sequence ends with its 16th embedding: sequence 0 ends where window 15 does.
        Assert.Equal(WakeWordFeatures.AudioEndOfWindow(15), WakeWordFeatures.AudioEndOfSequence(0));
        Assert.Equal(TimeSpan.FromSeconds(1.952), WakeWordFeatures.AudioEndOfSequence(0));
    }

    [Fact]
    public void A_long_stream_yields_one_window_and_one_sequence_per_chunk_once_the_buffers_are_full()
    {
        var features = new WakeWordFeatures();
        var sequences = 0;
        for (var chunk = 0; chunk < 1000; chunk++)
        {
            features.AddAudio(new float[1280]);
            foreach (var window in features.AddMel(IndexedFrames(chunk * 8, 8), MelShape(8)))
            {
                Assert.Equal(76 * 32, window.Length);
                sequences += features.AddEmbedding(Embedding(chunk), [1, 1, 1, 96]) is null ? 0 : 1;
            }
        }

        // Chunk 9 completes window 0 (frames 0–75); every later chunk one more; sequences lag 15 embeddings behind.
        Assert.Equal(991, features.MelWindowCount);
        Assert.Equal(976, sequences);
    }
}
