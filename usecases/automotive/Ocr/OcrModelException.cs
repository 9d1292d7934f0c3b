namespace Vedliot.UseCases.Automotive.Ocr;

/// <summary>An OCR model (deployed or in process) failed or answered with a tensor the reader cannot use; the message names the model and why.</summary>
public sealed class OcrModelException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OcrModelException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public OcrModelException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public OcrModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
