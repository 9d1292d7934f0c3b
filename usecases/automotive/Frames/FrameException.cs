namespace Vedliot.UseCases.Automotive.Frames;

/// <summary>A frame cannot be read: the file, message or camera is missing, too large, truncated or not an image; the message names it and why.</summary>
public sealed class FrameException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FrameException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public FrameException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public FrameException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
