namespace Vedliot.Pipelines;

/// <summary>A request got no answer after its last attempt; the message names the pipeline, the request and the attempts.</summary>
public sealed class PipelineTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public PipelineTimeoutException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public PipelineTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public PipelineTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
