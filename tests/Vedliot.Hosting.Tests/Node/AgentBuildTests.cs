using System.Security.Cryptography;
using Vedliot.Attestation.Measurement;
using Vedliot.Hosting.Node;
using Vedliot.Runtime;
using Vedliot.Testing;

namespace Vedliot.Hosting.Tests.Node;

public sealed class AgentBuildTests : IDisposable
{
    private readonly TempDirectory _build = new();

    public void Dispose() => _build.Dispose();

    /// <summary>A small agent build: two real managed assemblies, ONNX Runtime's native libraries (fakes), a plugin and a data file.</summary>
    internal static void Populate(string folder)
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Vedliot.Runtime.dll"), Path.Combine(folder, "Vedliot.Runtime.dll"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Vedliot.Hosting.dll"), Path.Combine(folder, "Vedliot.Hosting.dll"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Google.Protobuf.dll"), Path.Combine(folder, "Google.Protobuf.dll"));
        File.WriteAllBytes(Path.Combine(folder, "libonnxruntime.so"), [0x7F, (byte)'E', (byte)'L', (byte)'F', 1]);
        File.WriteAllBytes(Path.Combine(folder, "libonnxruntime_providers_shared.so"), [0x7F, (byte)'E', (byte)'L', (byte)'F', 2]);
        File.WriteAllBytes(Path.Combine(folder, "libonnxruntime_providers_cuda.so"), [0x7F, (byte)'E', (byte)'L', (byte)'F', 3]);
        File.WriteAllBytes(Path.Combine(folder, "libgpiod.so.2"), [0x7F, (byte)'E', (byte)'L', (byte)'F', 4]);
        File.WriteAllBytes(Path.Combine(folder, "native-helper.dll"), [0x7F, (byte)'E', (byte)'L', (byte)'F', 5]);
        Directory.CreateDirectory(Path.Combine(folder, AgentBuild.PluginsFolder, "sensor"));
        File.WriteAllBytes(Path.Combine(folder, AgentBuild.PluginsFolder, "sensor", "Sensor.Plugin.dll"), [1, 2, 3]);
        File.WriteAllText(Path.Combine(folder, "Vedliot.Node.runtimeconfig.json"), "{}");
    }

    [Fact]
    public void Every_file_the_agent_executes_is_found_with_its_type_and_the_agent_assembly_first()
    {
        Populate(_build.Path);

        var build = AgentBuild.Scan(_build.Path);

        Assert.Equal(
            [
                ("Vedliot.Hosting.dll", ArtefactType.NodeAgent),
                ("Google.Protobuf.dll", ArtefactType.NodeAgent),
                ("Vedliot.Runtime.dll", ArtefactType.NodeAgent),
                ("libgpiod.so.2", ArtefactType.NativeLibrary),
                ("libonnxruntime.so", ArtefactType.NativeLibrary),
                ("libonnxruntime_providers_cuda.so", ArtefactType.ExecutionProvider),
                ("libonnxruntime_providers_shared.so", ArtefactType.ExecutionProvider),
                ("native-helper.dll", ArtefactType.NativeLibrary),
                ("plugins/sensor/Sensor.Plugin.dll", ArtefactType.Plugin),
            ],
            build.Files.Select(f => (f.Name, f.Type)));
        foreach (var file in build.Files)
        {
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file.Path))), file.Sha256);
        }
    }

    [Fact]
    public void Two_scans_of_one_build_give_the_same_files_and_digests()
    {
        Populate(_build.Path);

        Assert.Equal(AgentBuild.Scan(_build.Path).Files, AgentBuild.Scan(_build.Path).Files);
    }

    [Fact]
    public void A_folder_without_a_managed_assembly_is_not_a_node_agent_build()
    {
        File.WriteAllBytes(Path.Combine(_build.Path, "libonnxruntime.so"), [1]);

        var error = Assert.Throws<VedliotException>(() => AgentBuild.Scan(_build.Path));

        Assert.Contains("not a node agent build", error.Message, StringComparison.Ordinal);
        Assert.Throws<VedliotException>(() => AgentBuild.Scan(Path.Combine(_build.Path, "missing")));
    }

    [Fact]
    public async Task This_agent_is_its_test_folder_scanned_once()
    {
        var first = await AgentBuild.OfThisAgentAsync();

        Assert.Same(first, await AgentBuild.OfThisAgentAsync());
        Assert.Equal(Path.GetFullPath(AppContext.BaseDirectory).TrimEnd('/'), first.Directory.TrimEnd('/'));
        Assert.Equal("Vedliot.Hosting.dll", first.Files[0].Name);
        Assert.Equal((await AgentIdentity.OfThisAgentAsync()).Digest, first.Files[0].Sha256);
    }
}
