using System.Buffers.Binary;

namespace Vedliot.Pipelines;

/// <summary>
/// The identity of one attempt at one request of a <see cref="PipelineClient"/>, carried as the request's MQTT 5.0
/// correlation data: 16 bytes of the client's id, the request's sequence number (8 bytes, big-endian) and the attempt
/// (1 byte). Stages copy correlation data unchanged into every message of the request, and the last stage answers
/// with it, so the client matches each answer (or error reply) to its request without reading the payload.
/// </summary>
/// <remarks>
/// Each attempt has its own correlation data, so a stage that drops redelivered copies of one attempt (by
/// correlation data) still runs the next attempt of the same request. The payload, and the sequence number in its
/// tensor header, stay the same across attempts: a request is encoded once.
/// </remarks>
/// <param name="Client">The client that sent it (a fresh id per <see cref="PipelineClient"/>).</param>
/// <param name="Sequence">The request's number within its client, from 1.</param>
/// <param name="Attempt">Which sending this is, from 0.</param>
public readonly record struct RequestId(Guid Client, ulong Sequence, byte Attempt)
{
    /// <summary>Length of the correlation data.</summary>
    public const int Length = 16 + sizeof(ulong) + 1;

    /// <summary>The same request's next attempt.</summary>
    /// <returns>The id with the attempt one higher.</returns>
    /// <exception cref="OverflowException">The attempt is already 255.</exception>
    public RequestId NextAttempt() => this with { Attempt = checked((byte)(Attempt + 1)) };

    /// <summary>The correlation data that carries this id.</summary>
    /// <returns>A new array of <see cref="Length"/> bytes.</returns>
    public byte[] ToCorrelationData()
    {
        var data = new byte[Length];
        Client.TryWriteBytes(data.AsSpan(0, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteUInt64BigEndian(data.AsSpan(16), Sequence);
        data[Length - 1] = Attempt;
        return data;
    }

    /// <summary>Reads an id from correlation data.</summary>
    /// <param name="correlationData">A message's correlation data.</param>
    /// <param name="id">The id, when it is one.</param>
    /// <returns>False when the data has another length (another app's correlation data).</returns>
    public static bool TryRead(ReadOnlySpan<byte> correlationData, out RequestId id)
    {
        if (correlationData.Length != Length)
        {
            id = default;
            return false;
        }

        id = new RequestId(new Guid(correlationData[..16], bigEndian: true), BinaryPrimitives.ReadUInt64BigEndian(correlationData[16..]), correlationData[Length - 1]);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Sequence}#{Attempt} of client {Client:N}";
}
