namespace Vedliot.UseCases.Automotive.Rendering;

/// <summary>What a rendered sign shows.</summary>
public enum SignKind
{
    /// <summary>A round speed-limit sign: red ring, white face, black number (Vienna Convention C14).</summary>
    SpeedLimit,

    /// <summary>A number plate: black characters on white with a black rim.</summary>
    NumberPlate,

    /// <summary>A street-name sign: white text on blue.</summary>
    StreetName,
}
