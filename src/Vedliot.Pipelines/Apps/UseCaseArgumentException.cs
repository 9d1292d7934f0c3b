namespace Vedliot.Pipelines.Apps;

/// <summary>An argument given to a use-case app is unknown, missing or out of range; the message names it.</summary>
public sealed class UseCaseArgumentException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UseCaseArgumentException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public UseCaseArgumentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public UseCaseArgumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
