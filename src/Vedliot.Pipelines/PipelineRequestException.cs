namespace Vedliot.Pipelines;

/// <summary>A pipeline answered a request with an error reply (a stage failed, or the request was malformed); the message is the stage's.</summary>
public sealed class PipelineRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PipelineRequestException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public PipelineRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public PipelineRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
