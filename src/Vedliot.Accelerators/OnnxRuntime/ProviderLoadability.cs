namespace Vedliot.Accelerators.OnnxRuntime;

/// <summary>Whether an execution provider can run here, as found by creating a session on it.</summary>
public enum ProviderLoadability
{
    /// <summary>The loaded ONNX Runtime build lists it and a session on it was created.</summary>
    Loadable,

    /// <summary>The build lists it, but a session on it cannot be created (a library or the device is missing).</summary>
    ListedNotLoadable,

    /// <summary>The loaded ONNX Runtime build does not contain it.</summary>
    NotInBuild,
}
