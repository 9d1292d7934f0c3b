namespace Vedliot.UseCases.Industrial.Simulation;

/// <summary>The six conditions the simulator produces and the model tells apart.</summary>
public enum MotorCondition
{
    /// <summary>No fault: residual imbalance, electrical hum, structural and sensor noise.</summary>
    Healthy,

    /// <summary>A spall on the bearing's outer race: impacts at BPFO.</summary>
    OuterRace,

    /// <summary>A spall on the bearing's inner race: impacts at BPFI, amplitude-modulated at the shaft speed.</summary>
    InnerRace,

    /// <summary>Mass imbalance of the rotor: radial vibration at 1× running speed.</summary>
    Imbalance,

    /// <summary>Shaft misalignment: 2× with 1× radially, strong axial 1× and 2×.</summary>
    Misalignment,

    /// <summary>Mechanical looseness: many harmonics of the running speed and half-order sub-harmonics.</summary>
    Looseness,
}
