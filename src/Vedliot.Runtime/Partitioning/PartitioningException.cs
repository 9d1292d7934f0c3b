namespace Vedliot.Runtime.Partitioning;

/// <summary>A partition plan that the model cannot satisfy: a bad cut, count or rule.</summary>
public sealed class PartitioningException : VedliotException
{
    /// <summary>Creates the error; the message names the model and the reason.</summary>
    public PartitioningException(string message)
        : base(message)
    {
    }
}
