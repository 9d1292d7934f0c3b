using Vedliot.Accelerators.Fpga;
using Vedliot.Runtime.Platform;

namespace Vedliot.Accelerators.Tests.Fpga;

public sealed class BitstreamManifestReaderTests
{
    private const string Digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    [Fact]
    public void Valid_manifest_is_read_with_every_field()
    {
        var manifest = BitstreamManifestReader.Parse(ManifestText.For(cores: 3, clockMhz: 281, sha256: Digest.ToUpperInvariant(), power: "7.9"), "/catalog/dpu-test.yaml");

        Assert.Equal(("dpu-test", "xczu9eg-ffvb1156-2-e", "DPUCZDX8G B4096"), (manifest.Name, manifest.TargetPart, manifest.Architecture));
        Assert.Equal(3 * 4096 * 281e6, manifest.PeakOpsPerSecond);
        Assert.Equal(7.9, manifest.PowerWatts);
        Assert.Equal(["Add", "Conv", "Relu"], manifest.Operators.Order(StringComparer.Ordinal));
        Assert.Equal([Precision.Int8], manifest.Precisions);
        Assert.Equal(Digest, manifest.Sha256);
        Assert.Equal("/catalog/dpu-test.bit.bin", manifest.BitstreamPath);
    }

    [Fact]
    public void Unset_sha256_means_not_pinned()
    {
        Assert.Null(BitstreamManifestReader.Parse(ManifestText.For(), "m.yaml").Sha256);
        Assert.Null(BitstreamManifestReader.Parse(ManifestText.For().Replace("sha256: ", "sha256: ~", StringComparison.Ordinal), "m.yaml").Sha256);
    }

    [Theory]
    [InlineData("sha256: ", "sha256: abc123", "sha256", 12)]
    [InlineData("clock_mhz: 300\n", "clock_mhz: fast\n", "clock_mhz", 7)]
    [InlineData("cores: 1\n", "cores: 1.5\n", "cores", 5)]
    [InlineData("precisions: [int8]\n", "precisions: [int3]\n", "precisions", 10)]
    [InlineData("precisions: [int8]\n", "precisions: [3]\n", "precisions", 10)]
    [InlineData("operators: [Conv, Relu, Add]\n", "operators: []\n", "operators", 9)]
    [InlineData("file: dpu-test.bit.bin\n", "file: ../../etc/passwd\n", "file", 11)]
    [InlineData("target_part: xczu9eg-ffvb1156-2-e\n", "", "target_part", 2)]
    [InlineData("cores: 1\n", "cores: 1\nclock: 300\n", "clock", 6)]
    public void Bad_field_is_named_with_file_and_line(string original, string replacement, string field, long line)
    {
        var yaml = ManifestText.For().Replace(original, replacement, StringComparison.Ordinal);
        Assert.NotEqual(ManifestText.For(), yaml);

        var error = Assert.Throws<BitstreamManifestException>(() => BitstreamManifestReader.Parse(yaml, "fpga/bitstreams/bad.yaml"));

        Assert.Equal(("fpga/bitstreams/bad.yaml", field, line), (error.File, error.Field, error.Line));
        Assert.StartsWith($"fpga/bitstreams/bad.yaml:{line}: field '{field}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name: [unclosed\n")]
    [InlineData("- a list\n- not a mapping\n")]
    [InlineData("")]
    public void Text_that_is_no_manifest_mapping_is_rejected(string yaml)
    {
        var error = Assert.Throws<BitstreamManifestException>(() => BitstreamManifestReader.Parse(yaml, "x.yaml"));

        Assert.Null(error.Field);
        Assert.StartsWith("x.yaml:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_mutations_never_crash_the_reader()
    {
        var original = ManifestText.For(sha256: Digest, power: "4.5");
        var random = new Random(7331);
        const string alphabet = ":-[]{}#&*!|>'\"%@`,\n ~0123456789abcdefint";
        var accepted = 0;
        for (var i = 0; i < 1000; i++)
        {
            var text = original.ToCharArray().ToList();
            for (var m = random.Next(1, 6); m > 0 && text.Count > 0; m--)
            {
                var at = random.Next(text.Count);
                switch (random.Next(3))
                {
                    case 0: text[at] = alphabet[random.Next(alphabet.Length)]; break;
                    case 1: text.RemoveAt(at); break;
                    default: text.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                }
            }

            try
            {
                Assert.NotNull(BitstreamManifestReader.Parse(new string([.. text]), "fuzz.yaml"));
                accepted++;
            }
            catch (BitstreamManifestException e)
            {
                Assert.StartsWith("fuzz.yaml:", e.Message, StringComparison.Ordinal);
            }
        }

        Assert.InRange(accepted, 1, 999);
    }
}
