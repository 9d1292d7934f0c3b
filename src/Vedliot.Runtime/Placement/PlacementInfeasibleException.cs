namespace Vedliot.Runtime.Placement;

/// <summary>No placement meets the problem's constraints; the message names the constraint that cannot be met.</summary>
public sealed class PlacementInfeasibleException : VedliotException
{
    /// <summary>Creates the error with a message that names the constraint and the modules it rules out.</summary>
    public PlacementInfeasibleException(string message)
        : base(message)
    {
    }
}
