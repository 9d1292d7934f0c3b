using Vedliot.Accelerators.Fpga;
using Vedliot.Runtime.Platform;
using Vedliot.Testing;

namespace Vedliot.Accelerators.Tests.Fpga;

public sealed class BitstreamCatalogTests
{
    [Fact]
    public void Committed_catalogue_reads_and_pins_no_digest_it_cannot_know()
    {
        var catalog = BitstreamCatalog.Load(RepositoryPaths.BitstreamCatalog);

        Assert.Equal(["dpuczdx8g-b3136-kv260", "dpuczdx8g-b4096x2-zcu104", "dpuczdx8g-b4096x3-zcu102"], catalog.Manifests.Select(m => m.Name));
        Assert.All(catalog.Manifests, m => Assert.Null(m.Sha256));
        Assert.All(catalog.Manifests, m => Assert.Equal([Precision.Int8], m.Precisions));
        Assert.Equal(3.45e12, catalog.Manifests.Single(m => m.Board == "ZCU102").PeakOpsPerSecond, 0.01e12);
    }

    [Fact]
    public void Committed_zcu104_bitstream_is_chosen_for_its_part_and_a_cnn_partition()
    {
        var catalog = BitstreamCatalog.Load(RepositoryPaths.BitstreamCatalog);

        var chosen = catalog.Select("xczu7ev-ffvc1156-2-e", ["Conv", "Relu", "MaxPool", "Gemm"], Precision.Int8);

        Assert.Equal("dpuczdx8g-b4096x2-zcu104", chosen.Name);
    }

    [Fact]
    public void Fastest_fitting_bitstream_wins_then_lowest_power()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("small.yaml"), ManifestText.For(name: "small", opsPerCycle: 1024, power: "2"));
        File.WriteAllText(folder.File("big.yaml"), ManifestText.For(name: "big", opsPerCycle: 4096, power: "9"));
        File.WriteAllText(folder.File("big-frugal.yml"), ManifestText.For(name: "big-frugal", opsPerCycle: 4096, power: "8"));
        File.WriteAllText(folder.File("big-no-add.yaml"), ManifestText.For(name: "big-no-add", cores: 2, operators: "[Conv, Relu]"));
        var catalog = BitstreamCatalog.Load(folder.Path);

        Assert.Equal("big-frugal", catalog.Select("XCZU9EG-FFVB1156-2-E", ["Conv", "Add"], Precision.Int8).Name);
        Assert.Equal("big-no-add", catalog.Select("xczu9eg-ffvb1156-2-e", ["Conv"], Precision.Int8).Name);
    }

    [Fact]
    public void No_fitting_bitstream_says_what_each_candidate_lacks()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("a.yaml"), ManifestText.For(name: "a"));
        var catalog = BitstreamCatalog.Load(folder.Path);

        var error = Assert.Throws<NoMatchingBitstreamException>(() => catalog.Select("xczu9eg-ffvb1156-2-e", ["Conv", "Softmax"], Precision.Fp16));

        Assert.Equal("no bitstream fits FPGA part xczu9eg-ffvb1156-2-e: a lacks precision Fp16, operator Softmax", error.Message);
    }

    [Fact]
    public void Unknown_part_lists_the_parts_the_catalogue_has()
    {
        var catalog = BitstreamCatalog.Load(RepositoryPaths.BitstreamCatalog);

        var error = Assert.Throws<NoMatchingBitstreamException>(() => catalog.Select("xcvu9p-flga2104-2L-e", ["Conv"], Precision.Int8));

        Assert.Contains("xck26-sfvc784-2LV-c", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_catalogue_folder_is_a_typed_error_naming_it()
    {
        using var folder = new TempDirectory();
        var missing = folder.File("no-such-catalogue");

        var error = Assert.Throws<BitstreamManifestException>(() => BitstreamCatalog.Load(missing));

        Assert.Equal($"{missing}: the bitstream catalogue folder does not exist", error.Message);
    }

    [Fact]
    public void Two_manifests_with_one_name_are_refused()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("a.yaml"), ManifestText.For(name: "same"));
        File.WriteAllText(folder.File("b.yaml"), ManifestText.For(name: "same"));

        var error = Assert.Throws<BitstreamManifestException>(() => BitstreamCatalog.Load(folder.Path));

        Assert.Equal((folder.File("b.yaml"), "name"), (error.File, error.Field));
    }
}
