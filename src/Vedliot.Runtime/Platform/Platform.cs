namespace Vedliot.Runtime.Platform;

/// <summary>A chassis with its carriers, slots, modules and the links between them.</summary>
/// <param name="Name">The platform's name.</param>
/// <param name="Chassis">The chassis product it follows.</param>
/// <param name="Slots">Every slot of every carrier.</param>
/// <param name="Modules">The modules, each in a slot or free-standing.</param>
/// <param name="Links">Data paths between modules.</param>
/// <param name="Source">The descriptor file it was read from, or <c>local probes</c>.</param>
public sealed record Platform(string Name, string Chassis, IReadOnlyList<Slot> Slots, IReadOnlyList<Module> Modules, IReadOnlyList<Link> Links, string Source);
