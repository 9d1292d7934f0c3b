namespace Vedliot.Messaging.RequestResponse;

/// <summary>A request could not be delivered, or its reply reports a failure.</summary>
public sealed class MqttRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MqttRequestException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public MqttRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public MqttRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
