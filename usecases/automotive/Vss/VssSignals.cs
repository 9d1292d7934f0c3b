namespace Vedliot.UseCases.Automotive.Vss;

/// <summary>The VSS signal paths the automotive app publishes (overlay traffic-sign-recognition.vspec) and the one standard signal it consumes.</summary>
public static class VssSignals
{
    /// <summary>The overlay's branch, under the standard <c>Vehicle.ADAS</c>.</summary>
    public const string Branch = "Vehicle.ADAS.TrafficSignRecognition";

    /// <summary>Last speed limit read, uint16 km/h.</summary>
    public const string SpeedLimit = Branch + ".SpeedLimit";

    /// <summary>A text line read, string.</summary>
    public const string Text = Branch + ".Text";

    /// <summary>The confidence of that line, float percent.</summary>
    public const string Confidence = Branch + ".Confidence";

    /// <summary>Where that line is, uint16[8] pixel corners.</summary>
    public const string Box = Branch + ".Box";

    /// <summary>The over-speed warning, boolean.</summary>
    public const string IsWarning = Branch + ".IsWarning";

    /// <summary>The standard VSS vehicle speed: float, km/h, sensor.</summary>
    public const string Speed = "Vehicle.Speed";
}
