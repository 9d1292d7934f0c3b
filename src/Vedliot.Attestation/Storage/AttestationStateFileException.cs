namespace Vedliot.Attestation.Storage;

/// <summary>
/// A file the attestation layer keeps (an enrollment record, a node's attestation key blob) is damaged,
/// too large or unreadable. The message names the file, where in it the damage is (for JSON, the line and
/// byte), and how to recover.
/// </summary>
public sealed class AttestationStateFileException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public AttestationStateFileException()
        : base("An attestation state file is damaged.")
    {
        FilePath = string.Empty;
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public AttestationStateFileException(string message)
        : base(message)
    {
        FilePath = string.Empty;
    }

    /// <summary>Creates an exception with a message and cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public AttestationStateFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
    }

    /// <summary>Creates the exception for a file.</summary>
    /// <param name="filePath">The file.</param>
    /// <param name="problem">What is wrong with it, and where.</param>
    /// <param name="recovery">What to do about it.</param>
    /// <param name="innerException">The cause, or null.</param>
    public AttestationStateFileException(string filePath, string problem, string recovery, Exception? innerException)
        : base($"{filePath}: {problem}; {recovery}.", innerException)
    {
        FilePath = filePath;
    }

    /// <summary>The damaged file.</summary>
    public string FilePath { get; }
}
