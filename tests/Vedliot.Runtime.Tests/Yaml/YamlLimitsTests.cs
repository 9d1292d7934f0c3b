using System.Text;
using Vedliot.Runtime.Deployment;
using Vedliot.Runtime.Platform.Descriptors;
using Vedliot.Runtime.Yaml;
using Vedliot.Testing;

namespace Vedliot.Runtime.Tests.Yaml;

public sealed class YamlLimitsTests
{
    private const int Deep = 100_000;

    public static TheoryData<string, int> TooDeep => new()
    {
        { "flow lists 100,000 deep", 1 },
        { "flow mappings 100,000 deep", 1 },
        { "block lists one past the limit", YamlLimits.MaxDepth + 1 },
        { "block mappings one past the limit", YamlLimits.MaxDepth + 1 },
        { "flow lists 100,000 deep under a key on line 3", 3 },
    };

    [Theory]
    [MemberData(nameof(TooDeep))]
    public void A_yaml_file_nested_deeper_than_the_limit_is_refused_with_its_line(string shape, int line)
    {
        var yaml = Nested(shape);

        var manifest = Assert.Throws<YamlFileException>(() => DeployManifestReader.Parse(yaml, "deep.yaml"));
        var descriptor = Assert.Throws<YamlFileException>(() => PlatformDescriptor.Parse(yaml, "deep.yaml"));

        foreach (var error in new[] { manifest, descriptor })
        {
            Assert.Equal(line, error.Line);
            Assert.StartsWith($"deep.yaml:{line}: (nesting): ", error.Message, StringComparison.Ordinal);
            Assert.Contains($"limit of {YamlLimits.MaxDepth} levels", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_yaml_file_nested_exactly_to_the_limit_is_read_and_judged_by_its_fields()
    {
        var yaml = "usecase: " + new string('[', YamlLimits.MaxDepth - 1) + new string(']', YamlLimits.MaxDepth - 1);

        var error = Assert.Throws<YamlFileException>(() => DeployManifestReader.Parse(yaml, "edge.yaml"));

        Assert.Equal("usecase", error.Field);
    }

    [Fact]
    public void A_yaml_file_larger_than_the_limit_is_refused_before_it_is_read()
    {
        using var directory = new TempDirectory();
        var path = directory.File("big.yaml");
        File.WriteAllText(path, "# " + new string('x', YamlLimits.MaxFileBytes) + "\n");

        var manifest = Assert.Throws<YamlFileException>(() => DeployManifestReader.Load(path));
        var descriptor = Assert.Throws<YamlFileException>(() => PlatformDescriptor.Load(path));

        Assert.Equal($"{path}:0: (file): holds 1,048,579 bytes, over the limit of 1,048,576 bytes (1 MiB)", manifest.Message);
        Assert.Equal(manifest.Message, descriptor.Message);
    }

    [Fact]
    public void A_yaml_file_of_exactly_the_limit_passes_the_size_check()
    {
        using var directory = new TempDirectory();
        var path = directory.File("edge.yaml");
        var yaml = "usecase: u\n";
        File.WriteAllText(path, yaml + "#" + new string('x', YamlLimits.MaxFileBytes - yaml.Length - 2) + "\n");
        Assert.Equal(YamlLimits.MaxFileBytes, new FileInfo(path).Length);

        var error = Assert.Throws<YamlFileException>(() => DeployManifestReader.Load(path));

        Assert.Equal("platform", error.Field);
    }

    [Fact]
    public void A_device_without_a_length_is_read_only_up_to_the_limit()
    {
        var error = Assert.Throws<YamlFileException>(() => PlatformDescriptor.Load("/dev/zero"));

        Assert.Equal("/dev/zero:0: (file): is larger than the limit of 1,048,576 bytes (1 MiB)", error.Message);
    }

    [Fact]
    public void Yaml_text_longer_than_the_limit_is_refused_before_it_is_parsed()
    {
        var error = Assert.Throws<YamlFileException>(() => PlatformDescriptor.Parse(new string(' ', YamlLimits.MaxFileBytes + 1), "big.yaml"));

        Assert.Contains("1,048,577 characters, over the limit of 1,048,576 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_given_as_a_yaml_file_is_named_as_not_found()
    {
        using var directory = new TempDirectory();

        Assert.Equal($"{directory.Path}:0: (file): file not found", Assert.Throws<YamlFileException>(() => PlatformDescriptor.Load(directory.Path)).Message);
    }

    private static string Nested(string shape) => shape switch
    {
        "flow lists 100,000 deep" => new string('[', Deep) + new string(']', Deep),
        "flow mappings 100,000 deep" => Repeat("{a: ", Deep) + "1" + new string('}', Deep),
        "block lists one past the limit" => Block(YamlLimits.MaxDepth + 1, lists: true),
        "block mappings one past the limit" => Block(YamlLimits.MaxDepth + 1, lists: false),
        "flow lists 100,000 deep under a key on line 3" => "usecase: u\nplatform: discover\npipelines: " + new string('[', Deep) + new string(']', Deep),
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    /// <summary>One collection per line, each indented below the last; the innermost opens on line <paramref name="levels"/>.</summary>
    private static string Block(int levels, bool lists)
    {
        var text = new StringBuilder();
        for (var level = 0; level < levels; level++)
        {
            text.Append(' ', level * 2).Append(lists ? "- " : $"k{level}:").Append('\n');
        }

        text.Append(' ', levels * 2).Append(lists ? "- x" : "leaf: x").Append('\n');
        return text.ToString();
    }
}
