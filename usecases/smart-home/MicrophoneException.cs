namespace Vedliot.UseCases.SmartHome;

/// <summary>The microphone cannot be read: arecord is missing, the device does not exist or gives no audio; the message says which.</summary>
public sealed class MicrophoneException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MicrophoneException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public MicrophoneException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public MicrophoneException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
