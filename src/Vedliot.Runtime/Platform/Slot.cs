namespace Vedliot.Runtime.Platform;

/// <summary>A place for a module on a carrier board of the chassis.</summary>
/// <param name="Carrier">The carrier board's id.</param>
/// <param name="Name">The slot's name on the carrier.</param>
/// <param name="FormFactor">The module form factor it takes, e.g. <c>COM Express Type 7</c>.</param>
public sealed record Slot(string Carrier, string Name, string FormFactor)
{
    /// <summary>The slot's full name, <c>carrier/slot</c>.</summary>
    public string Path => $"{Carrier}/{Name}";
}
