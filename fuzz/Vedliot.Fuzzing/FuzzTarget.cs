namespace Vedliot.Fuzzing;

/// <summary>
/// One fuzz target: a function that feeds bytes into one real parser. <see cref="Run"/> returns the outcome
/// ("accepted", or the documented exception type that rejected the input); anything else it lets escape
/// (another exception type) is a finding, as is an input that allocates far more than its length explains
/// or runs too long (<see cref="FuzzGuard"/>).
/// </summary>
/// <param name="Name">The name used on the command line (<c>eng/fuzz.sh NAME</c>).</param>
/// <param name="Parser">What it reaches, for the listing and the README.</param>
/// <param name="Seeds">Valid encodings, built in code, that seed the corpus.</param>
/// <param name="Run">Feeds one input to the parser.</param>
public sealed record FuzzTarget(string Name, string Parser, Func<IReadOnlyList<byte[]>> Seeds, Func<ReadOnlyMemory<byte>, string> Run);

/// <summary>Thrown by <see cref="FuzzGuard"/> for an input that is a finding although no exception escaped the parser.</summary>
public sealed class FuzzFindingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FuzzFindingException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was found.</param>
    public FuzzFindingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">What was found.</param>
    /// <param name="innerException">The cause.</param>
    public FuzzFindingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Runs a target on one input and turns excessive allocation and slowness into findings, so that a length
/// field trusted before the bytes are there (an out-of-memory allocation) is caught even when it happens to
/// fit in this machine's memory.
/// </summary>
public static class FuzzGuard
{
    /// <summary>Allocation every input may make regardless of its length: 64 MiB.</summary>
    public const long BaseAllocationBytes = 64L << 20;

    /// <summary>Allocation allowed per input byte on top of the base: 512 bytes (YAML and JSON trees are that large).</summary>
    public const long AllocationBytesPerInputByte = 512;

    /// <summary>Longest one input may take: 2 s (the parsers take micro- to milliseconds).</summary>
    public static readonly TimeSpan MaximumDuration = TimeSpan.FromSeconds(2);

    /// <summary>Runs <paramref name="target"/> on <paramref name="input"/>.</summary>
    /// <param name="target">The target.</param>
    /// <param name="input">The input.</param>
    /// <returns>The target's outcome.</returns>
    /// <exception cref="FuzzFindingException">The input allocated or took too much.</exception>
    public static string Run(FuzzTarget target, ReadOnlyMemory<byte> input)
    {
        ArgumentNullException.ThrowIfNull(target);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = target.Run(input);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var allowed = BaseAllocationBytes + (AllocationBytesPerInputByte * input.Length);
        if (allocated > allowed)
        {
            throw new FuzzFindingException($"{target.Name}: a {input.Length}-byte input allocated {allocated:N0} bytes (more than {allowed:N0}); a length field is trusted before its bytes are there.");
        }

        if (elapsed > MaximumDuration)
        {
            throw new FuzzFindingException($"{target.Name}: a {input.Length}-byte input took {elapsed.TotalSeconds:F1} s (more than {MaximumDuration.TotalSeconds:F0} s).");
        }

        return outcome;
    }
}
