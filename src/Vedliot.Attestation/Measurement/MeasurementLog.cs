using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Vedliot.Attestation.Tpm.Crypto;
using Vedliot.Attestation.Tpm.Structures;

namespace Vedliot.Attestation.Measurement;

/// <summary>
/// The ordered list of artefacts measured into the application PCR since the node agent reset it, and the
/// arithmetic that replays it (format and rationale: Measurement/FORMAT.md). Not thread-safe; the attester
/// serialises appends with its TPM operations.
/// </summary>
public sealed class MeasurementLog
{
    /// <summary>The application PCR: 23, the PC Client "application support" PCR, resettable and extendable at locality 0.</summary>
    public const int DefaultPcr = 23;

    /// <summary>Longest artefact name in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 256;

    private static readonly byte[] EventDomain = "VEDLIOT-MEASUREMENT-V1\0"u8.ToArray();
    private readonly List<MeasurementEvent> _events = [];

    /// <summary>Creates an empty log for a PCR.</summary>
    /// <param name="pcr">The PCR the events are extended into.</param>
    public MeasurementLog(int pcr = DefaultPcr)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pcr);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pcr, 23);
        Pcr = pcr;
    }

    /// <summary>The PCR the events are extended into (SHA-256 bank).</summary>
    public int Pcr { get; }

    /// <summary>The PCR bank.</summary>
    public static TpmAlgorithm Bank => TpmAlgorithm.Sha256;

    /// <summary>The events in order.</summary>
    public IReadOnlyList<MeasurementEvent> Events => _events;

    /// <summary>Appends an event, checking its fields; its sequence number must be the next one.</summary>
    /// <param name="measurementEvent">The event.</param>
    public void Append(MeasurementEvent measurementEvent)
    {
        ArgumentNullException.ThrowIfNull(measurementEvent);
        Validate(measurementEvent);
        if (measurementEvent.Sequence != _events.Count)
        {
            throw new ArgumentException($"Event sequence {measurementEvent.Sequence} is not the next one ({_events.Count}).", nameof(measurementEvent));
        }

        _events.Add(measurementEvent);
    }

    /// <summary>Creates the next event for an artefact digest (without appending it).</summary>
    /// <param name="type">Artefact type.</param>
    /// <param name="name">Artefact name.</param>
    /// <param name="digest">SHA-256 of the artefact.</param>
    /// <returns>The event.</returns>
    public MeasurementEvent NextEvent(ArtefactType type, string name, ReadOnlyMemory<byte> digest)
    {
        var e = new MeasurementEvent(_events.Count, type, name, digest.ToArray());
        Validate(e);
        return e;
    }

    /// <summary>
    /// The digest extended into the PCR for an event: SHA-256 over the domain string, type, name and artefact
    /// digest, so that editing any field of the log changes the replayed PCR value (FORMAT.md, "Event digest").
    /// </summary>
    /// <param name="measurementEvent">The event.</param>
    /// <returns>32 bytes.</returns>
    public static byte[] EventDigest(MeasurementEvent measurementEvent)
    {
        ArgumentNullException.ThrowIfNull(measurementEvent);
        var name = Encoding.UTF8.GetBytes(measurementEvent.Name);
        var buffer = new byte[EventDomain.Length + 2 + 2 + name.Length + 2 + measurementEvent.Digest.Length];
        var span = buffer.AsSpan();
        EventDomain.CopyTo(span);
        span = span[EventDomain.Length..];
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)measurementEvent.Type);
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)name.Length);
        name.CopyTo(span[4..]);
        span = span[(4 + name.Length)..];
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)measurementEvent.Digest.Length);
        measurementEvent.Digest.Span.CopyTo(span[2..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>Replays events from an all-zero PCR: the value the PCR must hold if the log is complete and unedited.</summary>
    /// <param name="events">The events in order.</param>
    /// <returns>The expected PCR value.</returns>
    public static byte[] Replay(IEnumerable<MeasurementEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var pcr = new byte[32];
        foreach (var e in events)
        {
            pcr = TpmHash.Extend(TpmAlgorithm.Sha256, pcr, EventDigest(e));
        }

        return pcr;
    }

    /// <summary>Copies the log (events are immutable and shared).</summary>
    /// <returns>An independent log with the same events.</returns>
    public MeasurementLog Snapshot()
    {
        var copy = new MeasurementLog(Pcr);
        copy._events.AddRange(_events);
        return copy;
    }

    /// <summary>Replays this log.</summary>
    /// <returns>The expected PCR value.</returns>
    public byte[] Replay() => Replay(_events);

    /// <summary>Checks an event's fields against the format's limits.</summary>
    /// <param name="measurementEvent">The event.</param>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public static void Validate(MeasurementEvent measurementEvent)
    {
        ArgumentNullException.ThrowIfNull(measurementEvent);
        if (!Enum.IsDefined(measurementEvent.Type))
        {
            throw new ArgumentException($"Unknown artefact type {(int)measurementEvent.Type}.", nameof(measurementEvent));
        }

        var nameBytes = Encoding.UTF8.GetByteCount(measurementEvent.Name ?? string.Empty);
        if (nameBytes is 0 or > MaxNameBytes)
        {
            throw new ArgumentException($"Artefact name must be 1..{MaxNameBytes} UTF-8 bytes.", nameof(measurementEvent));
        }

        if (measurementEvent.Digest.Length != 32)
        {
            throw new ArgumentException("Artefact digest must be a 32-byte SHA-256.", nameof(measurementEvent));
        }
    }
}
