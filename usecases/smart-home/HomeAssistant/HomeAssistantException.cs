namespace Vedliot.UseCases.SmartHome.HomeAssistant;

/// <summary>The broker refused a Home Assistant discovery config or state (e.g. the app's ACL lacks the discovery prefix); the message names the topic.</summary>
public sealed class HomeAssistantException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HomeAssistantException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was refused.</param>
    public HomeAssistantException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">What was refused.</param>
    /// <param name="innerException">The cause.</param>
    public HomeAssistantException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
