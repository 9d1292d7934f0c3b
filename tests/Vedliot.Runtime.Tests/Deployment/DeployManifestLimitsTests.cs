using System.Diagnostics;
using System.Globalization;
using System.Text;
using Vedliot.Runtime.Deployment;
using Vedliot.Runtime.Yaml;

namespace Vedliot.Runtime.Tests.Deployment;

public sealed class DeployManifestLimitsTests
{
    // A topic of 65,536 bytes: one past [MQTT-4.7.3-3].
    private static readonly string LongTopic = "t/" + new string('x', 65_534);

    // Each case: what it is, the input topic as YAML writes it, and what the error says. The output topic is out/a.
    public static TheoryData<string, string, string> BadInputTopics => new()
    {
        { "null character", "\"in/\\0/a\"", "[MQTT-4.7.3-2]" },
        { "65,536 bytes", LongTopic, "[MQTT-4.7.3-3]" },
        { "three-byte characters past 65,535 bytes", "\"" + new string('\u4E3B', 21_846) + "\"", "[MQTT-4.7.3-3]" },
        { "single-level wildcard", "in/+/a", "[MQTT-4.7.0-1]" },
        { "multi-level wildcard", "in/#", "[MQTT-4.7.0-1]" },
        { "empty", "\"\"", "[MQTT-4.7.3-1]" },
        { "server topic", "$SYS/broker/load", "begins with '$'" },
        { "node announcements", "vedliot/nodes/n1/announce", "lies in 'vedliot/nodes/'" },
        { "the nodes subtree itself", "vedliot/nodes", "lies in 'vedliot/nodes/'" },
        { "stage inputs", "vedliot/pipelines/a/g1/stage/0", "lies in 'vedliot/pipelines/'" },
        { "deployment status", "vedliot/deployments/test/status", "lies in 'vedliot/deployments/'" },
    };

    [Theory]
    [MemberData(nameof(BadInputTopics))]
    public void A_manifest_topic_that_breaks_the_topic_rules_is_refused_with_its_file_line_field_and_clause(string what, string topic, string reason)
    {
        var yaml = Manifest(("a", topic, "out/a"));

        var error = Assert.Throws<YamlFileException>(() => DeployManifestReader.Parse(yaml, "deploy.yaml"));

        Assert.Equal("pipelines[0].input_topic", error.Field);
        Assert.Equal(6, error.Line);
        Assert.True(error.Message.StartsWith("deploy.yaml:6: pipelines[0].input_topic: ", StringComparison.Ordinal) && error.Message.Contains(reason, StringComparison.Ordinal), $"{what}: {error.Message}");
    }

    [Fact]
    public void A_wildcard_in_an_output_topic_is_refused_because_the_last_stage_publishes_there()
    {
        var error = Assert.Throws<YamlFileException>(() => DeployManifestReader.Parse(Manifest(("a", "in/a", "out/+")), "deploy.yaml"));

        Assert.Equal("deploy.yaml:7: pipelines[0].output_topic: 'out/+' is not an MQTT topic name: A topic name must not contain the wildcard characters '+' or '#'; found '+' at character 5 [MQTT-4.7.0-1], [MQTT-3.3.2-2].", error.Message);
    }

    [Fact]
    public void A_long_topic_is_shown_cut_short_with_its_size_and_a_null_escaped()
    {
        var longError = Assert.Throws<YamlFileException>(() => DeployManifestReader.Parse(Manifest(("a", LongTopic, "out/a")), "deploy.yaml"));
        var nulError = Assert.Throws<YamlFileException>(() => DeployManifestReader.Parse(Manifest(("a", "\"in/\\0\"", "out/a")), "deploy.yaml"));

        Assert.Contains("... (65,536 characters)' is not an MQTT topic name", longError.Message, StringComparison.Ordinal);
        Assert.True(longError.Message.Length < 400, longError.Message.Length.ToString(CultureInfo.InvariantCulture));
        Assert.Contains("'in/\\u0000'", nulError.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string[], int, string, string> BadTopicSets => new()
    {
        { "output is its own input", ["a", "loop", "loop"], 0, "is also the pipeline's input_topic", string.Empty },
        { "two pipelines publish on one topic", ["a", "in/a", "out/x", "b", "in/b", "out/x"], 1, "is already the output_topic of pipeline 'a'", string.Empty },
        { "two pipelines feed each other", ["a", "t/1", "t/2", "b", "t/2", "t/1"], 0, "feeds pipelines whose results come back to this one", "(a -> b -> a)" },
        { "three pipelines in a ring", ["a", "t/1", "t/2", "b", "t/2", "t/3", "c", "t/3", "t/1"], 0, "feeds pipelines whose results come back to this one", "(a -> b -> c -> a)" },
    };

    [Theory]
    [MemberData(nameof(BadTopicSets))]
    public void A_pipelines_topics_that_would_loop_or_mix_results_are_refused_naming_the_output_topic(string what, string[] pipelines, int culprit, string reason, string cycle)
    {
        var yaml = Manifest([.. pipelines.Chunk(3).Select(p => (p[0], p[1], p[2]))]);

        var error = Assert.Throws<YamlFileException>(() => DeployManifestReader.Parse(yaml, "deploy.yaml"));

        Assert.Equal($"pipelines[{culprit}].output_topic", error.Field);
        Assert.Equal(7 + (5 * culprit), error.Line);
        Assert.True(error.Message.Contains(reason, StringComparison.Ordinal) && error.Message.Contains(cycle, StringComparison.Ordinal), $"{what}: {error.Message}");
    }

    [Fact]
    public void Pipelines_may_share_an_input_topic_chain_one_into_another_and_use_the_use_cases_vedliot_tree()
    {
        var yaml = Manifest(("a", "vedliot/smart-home/audio", "vedliot/smart-home/mel"), ("b", "vedliot/smart-home/audio", "t/b"), ("c", "vedliot/smart-home/mel", "t/c"));

        Assert.Equal(3, DeployManifestReader.Parse(yaml, "deploy.yaml").Pipelines.Count);
    }

    [Fact]
    public void A_manifest_with_more_pipelines_than_the_limit_is_refused_before_its_pipelines_are_read()
    {
        var yaml = Manifest(DeployManifestReader.MaxPipelines + 1);

        var error = Assert.Throws<YamlFileException>(() => DeployManifestReader.Parse(yaml, "deploy.yaml"));

        Assert.Equal("pipelines", error.Field);
        Assert.Equal(4, error.Line);
        Assert.Contains($"65 pipelines are more than the limit of {DeployManifestReader.MaxPipelines} a manifest may hold", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_with_25000_pipelines_is_refused_at_once_by_its_size()
    {
        var yaml = Manifest(25_000);
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<YamlFileException>(() => DeployManifestReader.Parse(yaml, "deploy.yaml"));

        Assert.Contains("over the limit of 1,048,576 bytes", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), clock.Elapsed.ToString());
    }

    [Fact]
    public void A_manifest_with_25000_pipelines_made_small_by_aliases_is_refused_at_once_by_its_count()
    {
        var yaml = "usecase: test\nplatform: discover\npipelines:\n  - &p { name: a, model: m.onnx, input_topic: in/a, output_topic: out/a }\n"
            + string.Concat(Enumerable.Repeat("  - *p\n", 24_999));
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<YamlFileException>(() => DeployManifestReader.Parse(yaml, "deploy.yaml"));

        Assert.Contains("25,000 pipelines are more than the limit of 64", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), clock.Elapsed.ToString());
    }

    [Fact]
    public void A_manifest_with_exactly_the_limit_of_pipelines_is_read()
    {
        Assert.Equal(DeployManifestReader.MaxPipelines, DeployManifestReader.Parse(Manifest(DeployManifestReader.MaxPipelines), "deploy.yaml").Pipelines.Count);
    }

    private static string Manifest(int pipelines) =>
        Manifest([.. Enumerable.Range(0, pipelines).Select(i => string.Create(CultureInfo.InvariantCulture, $"p{i}")).Select(n => (n, $"in/{n}", $"out/{n}"))]);

    /// <summary>A manifest whose pipeline i starts on line 4 + 5i, with its input topic on line 6 + 5i and its output topic on line 7 + 5i.</summary>
    private static string Manifest(params (string Name, string Input, string Output)[] pipelines)
    {
        var text = new StringBuilder("usecase: test\nplatform: discover\npipelines:\n");
        foreach (var (name, input, output) in pipelines)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - name: {name}\n    model: model.onnx\n    input_topic: {input}\n    output_topic: {output}\n    objective: latency\n");
        }

        return text.ToString();
    }
}
