using Vedliot.Runtime.Exposure;
using Vedliot.Runtime.Platform;
using Vedliot.Runtime.Profiling;

namespace Vedliot.Hosting.Profiling;

/// <summary>A profile with the modules it covers and the inputs it was made with.</summary>
/// <param name="Table">Every block on every module.</param>
/// <param name="Modules">The modules profiled.</param>
/// <param name="Inputs">The model's inputs and where each came from.</param>
/// <param name="Inventory">This machine's and the descriptor's modules and links.</param>
public sealed record ProfileReport(ProfileTable Table, IReadOnlyList<Module> Modules, IReadOnlyList<InputReport> Inputs, Inventory Inventory)
{
    /// <summary>The exposure of the model's input at the identity cut and each candidate cut, when it was asked for and could be measured.</summary>
    public ExposureProfile? Exposure { get; init; }

    /// <summary>Why exposure was asked for but not measured (the model's inputs do not allow it), or null.</summary>
    public string? ExposureNotMeasured { get; init; }
}
