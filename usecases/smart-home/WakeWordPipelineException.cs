namespace Vedliot.UseCases.SmartHome;

/// <summary>A pipeline answered a <see cref="SmartHomeApp"/> request with an error, or with a result it cannot use.</summary>
public sealed class WakeWordPipelineException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WakeWordPipelineException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Which topic and request, and what went wrong.</param>
    public WakeWordPipelineException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">Which topic and request, and what went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public WakeWordPipelineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
