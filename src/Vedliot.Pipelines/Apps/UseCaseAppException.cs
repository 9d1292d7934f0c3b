namespace Vedliot.Pipelines.Apps;

/// <summary>A use-case app cannot go on: a pipeline it needs is missing, answered with an error or never answered.</summary>
public sealed class UseCaseAppException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UseCaseAppException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public UseCaseAppException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public UseCaseAppException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
