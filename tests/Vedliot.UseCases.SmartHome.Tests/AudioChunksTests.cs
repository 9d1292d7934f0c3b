namespace Vedliot.UseCases.SmartHome.Tests;

public sealed class AudioChunksTests
{
    private static async IAsyncEnumerable<ReadOnlyMemory<float>> Buffers(float[] audio, params int[] lengths)
    {
        var start = 0;
        foreach (var length in lengths)
        {
            await Task.Yield();
            yield return audio.AsMemory(start, length);
            start += length;
        }
    }

    [Fact]
    public async Task Buffers_of_any_lengths_become_whole_chunks_in_order_the_last_padded_with_zeros()
    {
        var audio = Enumerable.Range(1, 3000).Select(i => (float)i).ToArray();

        var chunks = new List<float[]>();
        await foreach (var chunk in AudioChunks.OfAsync(Buffers(audio, 1, 0, 1500, 999, 500)))
        {
            chunks.Add(chunk);
        }

        Assert.Equal(3, chunks.Count);
        Assert.All(chunks, c => Assert.Equal(1280, c.Length));
        Assert.Equal([.. audio, .. new float[(3 * 1280) - 3000]], chunks.SelectMany(c => c));
    }

    [Fact]
    public async Task No_audio_gives_no_chunk()
    {
        await foreach (var chunk in AudioChunks.OfAsync(Buffers([], 0)))
        {
            Assert.Fail($"a chunk of {chunk.Length} samples");
        }
    }
}
