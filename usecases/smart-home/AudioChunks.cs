using System.Runtime.CompilerServices;

namespace Vedliot.UseCases.SmartHome;

/// <summary>Cuts a stream of audio buffers of any lengths into the <see cref="WakeWordFeatures.ChunkSamples"/>-sample chunks openWakeWord streams in.</summary>
public static class AudioChunks
{
    /// <summary>
    /// The chunks of <paramref name="audio"/>, in order: each buffer's samples continue the previous one's, and the
    /// last chunk is padded with zeros to full length. Empty audio gives no chunk.
    /// </summary>
    /// <param name="audio">Buffers of 16 kHz mono samples in int16 scale, of any lengths (a microphone's reads, a file's whole samples).</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>New arrays of exactly <see cref="WakeWordFeatures.ChunkSamples"/> samples each.</returns>
    public static async IAsyncEnumerable<float[]> OfAsync(IAsyncEnumerable<ReadOnlyMemory<float>> audio, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var chunk = new float[WakeWordFeatures.ChunkSamples];
        var held = 0;
        await foreach (var buffer in audio.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var rest = buffer;
            while (!rest.IsEmpty)
            {
                var take = Math.Min(rest.Length, chunk.Length - held);
                rest.Span[..take].CopyTo(chunk.AsSpan(held));
                rest = rest[take..];
                held += take;
                if (held == chunk.Length)
                {
                    yield return chunk;
                    chunk = new float[WakeWordFeatures.ChunkSamples];
                    held = 0;
                }
            }
        }

        if (held > 0)
        {
            yield return chunk;
        }
    }

    /// <summary>One buffer as a stream of one.</summary>
    /// <param name="audio">The whole audio.</param>
    /// <returns>A stream yielding <paramref name="audio"/> once.</returns>
    public static async IAsyncEnumerable<ReadOnlyMemory<float>> Once(ReadOnlyMemory<float> audio)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield return audio;
    }
}
