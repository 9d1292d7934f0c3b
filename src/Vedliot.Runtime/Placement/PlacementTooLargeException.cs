namespace Vedliot.Runtime.Placement;

/// <summary>
/// More distinct modules could host a stage than the solver takes (<see cref="PlacementProblem.MaxUsableClasses"/>),
/// or a budget search would need more states than it keeps; the message gives the count, the limit and what to do. Raised before profiling where the caller checks with
/// <see cref="ExactSolverCapacity"/>, otherwise by the solver itself.
/// </summary>
public sealed class PlacementTooLargeException : VedliotException
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">The message: the modules, the limit and what to do.</param>
    public PlacementTooLargeException(string message)
        : base(message)
    {
    }
}
