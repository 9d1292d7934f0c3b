using System.Security.Cryptography;
using Vedliot.Accelerators.Fpga;
using Vedliot.Runtime.Platform;
using Vedliot.Testing;

namespace Vedliot.Accelerators.Tests.Fpga;

public sealed class BitstreamManagerTests : IDisposable
{
    private const string Part = "xczu9eg-ffvb1156-2-e";
    private readonly TempDirectory _catalog = new();
    private readonly TempDirectory _root = new();
    private readonly byte[] _bitstream = new byte[64 * 1024];

    public BitstreamManagerTests()
    {
        new Random(42).NextBytes(_bitstream);
        File.WriteAllBytes(_catalog.File("dpu-test.bit.bin"), _bitstream);
        Directory.CreateDirectory(ManagerFile(string.Empty));
        File.WriteAllText(ManagerFile("name"), "Xilinx ZynqMP FPGA Manager\n");
        File.WriteAllText(ManagerFile("state"), "operating\n");
        File.WriteAllText(ManagerFile("flags"), "1\n");
        File.WriteAllText(ManagerFile("firmware"), string.Empty);
    }

    private string RealDigest => Convert.ToHexStringLower(SHA256.HashData(_bitstream));

    public void Dispose()
    {
        _catalog.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task Pinned_bitstream_is_copied_to_firmware_and_programmed_through_sysfs()
    {
        WriteManifest(RealDigest);

        var loaded = await Manager().LoadAsync(Part, ["Conv", "Relu"], Precision.Int8);

        Assert.Equal("dpu-test", loaded.Name);
        Assert.Equal(_bitstream, await File.ReadAllBytesAsync(Path.Join(_root.Path, "lib/firmware/dpu-test.bit.bin")));
        Assert.Equal("dpu-test.bit.bin", await File.ReadAllTextAsync(ManagerFile("firmware")));
        Assert.Equal("0", await File.ReadAllTextAsync(ManagerFile("flags")));
    }

    [Fact]
    public async Task Digest_mismatch_is_refused_naming_file_expected_and_actual_and_nothing_is_programmed()
    {
        var wrong = new string('0', 64);
        WriteManifest(wrong);

        var error = await Assert.ThrowsAsync<BitstreamIntegrityException>(() => Manager().LoadAsync(Part, ["Conv"], Precision.Int8));

        Assert.Equal((_catalog.File("dpu-test.bit.bin"), wrong, RealDigest), (error.File, error.ExpectedSha256, error.ActualSha256));
        Assert.Contains(_catalog.File("dpu-test.bit.bin"), error.Message, StringComparison.Ordinal);
        Assert.Contains(wrong, error.Message, StringComparison.Ordinal);
        Assert.Contains(RealDigest, error.Message, StringComparison.Ordinal);
        Assert.Empty(await File.ReadAllTextAsync(ManagerFile("firmware")));
        Assert.False(Directory.Exists(Path.Join(_root.Path, "lib/firmware")));
    }

    [Fact]
    public async Task Unpinned_bitstream_is_refused()
    {
        WriteManifest(sha256: null);

        var error = await Assert.ThrowsAsync<BitstreamIntegrityException>(() => Manager().LoadAsync(Part, ["Conv"], Precision.Int8));

        Assert.Null(error.ExpectedSha256);
        Assert.Contains("pins no sha256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_bitstream_file_is_refused()
    {
        WriteManifest(RealDigest);
        File.Delete(_catalog.File("dpu-test.bit.bin"));

        var error = await Assert.ThrowsAsync<BitstreamIntegrityException>(() => Manager().LoadAsync(Part, ["Conv"], Precision.Int8));

        Assert.Null(error.ActualSha256);
        Assert.Contains("cannot be read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manager_state_other_than_operating_after_loading_is_an_error()
    {
        WriteManifest(RealDigest);
        File.WriteAllText(ManagerFile("state"), "write complete error\n");

        var error = await Assert.ThrowsAsync<FpgaProgrammingException>(() => Manager().LoadAsync(Part, ["Conv"], Precision.Int8));

        Assert.Contains("'write complete error'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kernel_without_firmware_attribute_is_an_error()
    {
        WriteManifest(RealDigest);
        File.Delete(ManagerFile("firmware"));

        var error = await Assert.ThrowsAsync<FpgaProgrammingException>(() => Manager().LoadAsync(Part, ["Conv"], Precision.Int8));

        Assert.Contains("no 'firmware' attribute", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_fpga_manager_is_an_error_naming_it()
    {
        WriteManifest(RealDigest);
        var manager = new BitstreamManager(BitstreamCatalog.Load(_catalog.Path), new FpgaManagerOptions { Root = _root.Path, Device = "fpga3" });

        var error = await Assert.ThrowsAsync<FpgaProgrammingException>(() => manager.LoadAsync(Part, ["Conv"], Precision.Int8));

        Assert.Contains("fpga_manager/fpga3", error.Message, StringComparison.Ordinal);
    }

    private BitstreamManager Manager() => new(BitstreamCatalog.Load(_catalog.Path), new FpgaManagerOptions { Root = _root.Path });

    private void WriteManifest(string? sha256) => File.WriteAllText(_catalog.File("dpu-test.yaml"), ManifestText.For(part: Part, sha256: sha256));

    private string ManagerFile(string name) => Path.Join(_root.Path, "sys/class/fpga_manager/fpga0", name);
}
