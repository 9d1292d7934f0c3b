using System.Text.Json;
using Vedliot.Runtime.Deployment;
using Vedliot.Runtime.Placement;
using Vedliot.Runtime.Platform;
using Vedliot.Runtime.Yaml;
using Vedliot.Testing;

namespace Vedliot.Runtime.Tests.Deployment;

public class DeployManifestReaderTests
{
    private const string Valid = """
        usecase: test
        platform: discover
        pipelines:
          - name: a
            model: model.onnx
            input_topic: in/a
            output_topic: out/a
            objective: edp
            constraints:
              latency_budget_ms: 10
              energy_budget_mj: 5
              require_attested: first
              allowed_kinds: [cpu, asic]
              max_stages: 2
              max_exposure: 0.3
        """;

    private static string SmartHome => Path.Combine(RepositoryPaths.Root, "usecases", "smart-home", "deploy.yaml");

    [Fact]
    public void The_smart_home_manifest_names_models_the_bootstrap_fetched_and_a_shipped_platform()
    {
        var manifest = DeployManifestReader.Load(SmartHome);

        Assert.Equal("smart-home", manifest.UseCase);
        Assert.Equal(["melspectrogram", "embedding", "hey-jarvis"], manifest.Pipelines.Select(p => p.Name));
        Assert.All(manifest.Pipelines, p => Assert.True(File.Exists(p.Model.Resolve(manifest.Directory, RepositoryPaths.Deps)), p.Model.Text));
        Assert.Equal(Path.Combine(RepositoryPaths.Root, "platforms", "recs-box.yaml"), manifest.PlatformDescriptor);
        // The app's feature glue sits between the pipelines: it reads every output topic and writes every input topic.
        Assert.Equal(
            [
                ("vedliot/smart-home/audio", "vedliot/smart-home/mel"),
                ("vedliot/smart-home/mel-windows", "vedliot/smart-home/embedding"),
                ("vedliot/smart-home/embedding-windows", "vedliot/smart-home/wakeword"),
            ],
            manifest.Pipelines.Select(p => (p.InputTopic, p.OutputTopic)));
        Assert.Equal(AttestationRequirement.FirstStage, manifest.Pipelines[0].Constraints.Attestation);
        Assert.Equal("Vedliot.UseCases.SmartHome", manifest.App);
    }

    [Fact]
    public void The_app_is_optional()
    {
        Assert.Null(DeployManifestReader.Parse(Valid, "deploy.yaml").App);
        Assert.Equal("My-Company.Apps.V2", DeployManifestReader.Parse(Valid.Replace("platform:", "app: My-Company.Apps.V2\nplatform:", StringComparison.Ordinal), "deploy.yaml").App);
    }

    [Fact]
    public void Every_field_is_read_with_its_unit()
    {
        var pipeline = Assert.Single(DeployManifestReader.Parse(Valid, "/tmp/x/deploy.yaml").Pipelines);

        Assert.Equal(PlacementObjective.EnergyDelayProduct, pipeline.Objective);
        Assert.Equal(10, pipeline.Constraints.LatencyBudgetMs);
        Assert.Equal(5, pipeline.Constraints.EnergyBudgetMillijoules);
        Assert.Equal([ModuleKind.Cpu, ModuleKind.Asic], pipeline.Constraints.AllowedKinds.Order());
        Assert.Equal(2, pipeline.Constraints.MaxStages);
        Assert.Equal(0.3, pipeline.Constraints.MaxExposure);
        Assert.Equal("/tmp/x/model.onnx", pipeline.Model.Resolve("/tmp/x", "/deps"));
        Assert.Null(DeployManifestReader.Parse(Valid, "deploy.yaml").PlatformDescriptor);
    }

    [Fact]
    public void The_published_json_schema_describes_exactly_the_fields_the_reader_accepts()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "usecases", "deploy.schema.json")));
        static IEnumerable<string> Names(JsonElement element) => element.GetProperty("properties").EnumerateObject().Select(p => p.Name);
        var pipeline = schema.RootElement.GetProperty("properties").GetProperty("pipelines").GetProperty("items");

        Assert.Equal(DeployManifestReader.ManifestFields.Order(), Names(schema.RootElement).Order());
        Assert.Equal(DeployManifestReader.PipelineFields.Order(), Names(pipeline).Order());
        Assert.Equal(DeployManifestReader.ConstraintFields.Order(), Names(pipeline.GetProperty("properties").GetProperty("constraints")).Order());
    }

    [Theory]
    [InlineData("objective: edp", "objective: fastest", 8, "pipelines[0].objective: 'fastest' is not one of latency, energy, edp, throughput")]
    [InlineData("input_topic: in/a", "input_topic: in/#", 6, "pipelines[0].input_topic: 'in/#' is not an MQTT topic name")]
    [InlineData("allowed_kinds: [cpu, asic]", "allowed_kinds: [cpu, dsp]", 13, "pipelines[0].constraints.allowed_kinds[1]: 'dsp' is not one of cpu, gpu, fpga, asic")]
    [InlineData("max_stages: 2", "max_stages: 1.5", 14, "pipelines[0].constraints.max_stages: expected a whole number of stages, found 1.5")]
    [InlineData("max_exposure: 0.3", "max_exposure: 1.5", 15, "pipelines[0].constraints.max_exposure: 1.5 is outside the allowed range, 0 to 1 (an exposure is a similarity in [0, 1])")]
    [InlineData("max_exposure: 0.3", "max_exposure: -0.1", 15, "pipelines[0].constraints.max_exposure: -0.1 is outside the allowed range")]
    [InlineData("max_exposure: 0.3", "max_exposure: high", 15, "pipelines[0].constraints.max_exposure: expected a number, found 'high'")]
    [InlineData("require_attested: first", "require_attested: some", 12, "pipelines[0].constraints.require_attested: 'some' is not one of none, first, all")]
    [InlineData("    model: model.onnx", "    model: model.onnx\n    replicas: 3", 6, "pipelines[0].replicas: unknown field")]
    [InlineData("latency_budget_ms: 10", "latency_budget_ms: -1", 10, "pipelines[0].constraints.latency_budget_ms: must be greater than 0")]
    [InlineData("platform: discover", "app: ../bin/Evil.dll\nplatform: discover", 2, "app: '../bin/Evil.dll' is not an assembly's simple name")]
    [InlineData("platform: discover", "app: Apps, Version=1.0\nplatform: discover", 2, "app: 'Apps, Version=1.0' is not an assembly's simple name")]
    [InlineData("platform: discover", "app_topics: [homeassistant/#, home/a#]\nplatform: discover", 2, "app_topics[1]: 'home/a#' is not an MQTT topic filter")]
    [InlineData("platform: discover", "app_topics: ['#']\nplatform: discover", 2, "app_topics[0]: '#' must begin with a topic level of the app's own, not '#'")]
    [InlineData("platform: discover", "app_topics: [vedliot/nodes/#]\nplatform: discover", 2, "app_topics[0]: 'vedliot/nodes/#' must begin with a topic level of the app's own, not 'vedliot'")]
    [InlineData("platform: discover", "app_topics: [$SYS/#]\nplatform: discover", 2, "app_topics[0]: '$SYS/#' must begin with a topic level of the app's own, not '$SYS'")]
    [InlineData("platform: discover", "app_topics: [a/#, a/#]\nplatform: discover", 2, "app_topics[1]: 'a/#' is listed twice")]
    [InlineData("platform: discover", "app_topics: homeassistant/#\nplatform: discover", 2, "app_topics: expected a list")]
    public void A_bad_field_is_named_with_its_file_and_line(string find, string replace, int line, string message)
    {
        var yaml = Valid.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(Valid, yaml);

        var error = Assert.Throws<YamlFileException>(() => DeployManifestReader.Parse(yaml, "deploy.yaml"));

        Assert.StartsWith($"deploy.yaml:{line}: {message}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void App_topics_are_read_in_order_and_none_when_absent()
    {
        var manifest = DeployManifestReader.Parse(Valid.Replace("platform: discover", "app_topics: [homeassistant/#, home/+/set]\nplatform: discover", StringComparison.Ordinal), "deploy.yaml");

        Assert.Equal(["homeassistant/#", "home/+/set"], manifest.AppTopics);
        Assert.Empty(DeployManifestReader.Parse(Valid, "deploy.yaml").AppTopics);
        Assert.Equal(["homeassistant/#"], DeployManifestReader.Load(SmartHome).AppTopics);
    }

    [Fact]
    public void More_app_topics_than_the_limit_are_refused()
    {
        var many = string.Join(", ", Enumerable.Range(0, DeployManifestReader.MaxAppTopics + 1).Select(i => $"t{i}/#"));

        var error = Assert.Throws<YamlFileException>(() => DeployManifestReader.Parse(Valid.Replace("platform: discover", $"app_topics: [{many}]\nplatform: discover", StringComparison.Ordinal), "deploy.yaml"));

        Assert.Contains("app_topics: 17 topic filters are more than the 16 an app may be granted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_pipelines_with_one_name_are_refused()
    {
        var yaml = Valid + "\n  - name: a\n    model: m.onnx\n    input_topic: i\n    output_topic: o\n";

        Assert.Contains("pipeline name 'a' is used twice", Assert.Throws<YamlFileException>(() => DeployManifestReader.Parse(yaml, "deploy.yaml")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_mutations_give_a_manifest_or_a_yaml_error_never_a_crash()
    {
        var random = new Random(777);
        const string alphabet = ":-[]{},# \n\"'abc019.e/+";
        for (var i = 0; i < 500; i++)
        {
            var chars = Valid.ToCharArray();
            for (var edits = random.Next(1, 6); edits > 0; edits--)
            {
                chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
            }

            try
            {
                DeployManifestReader.Parse(new string(chars), "fuzz.yaml");
            }
            catch (YamlFileException)
            {
                // The expected outcome for most mutations.
            }
        }
    }

    [Theory]
    [InlineData("\0: o", 1, "U+0000")] // found by the fuzzer (eng/fuzz.sh deploy-manifest): YamlDotNet threw ArgumentException
    [InlineData("usecase: a\ndescription: b\u0007", 2, "U+0007")]
    [InlineData("usecase: a\u007F", 1, "U+007F")]
    public void A_control_character_is_refused_with_its_line(string yaml, int line, string character)
    {
        var error = Assert.Throws<YamlFileException>(() => DeployManifestReader.Parse(yaml, "deploy.yaml"));
        Assert.Contains($"deploy.yaml:{line}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"the control character {character} is not allowed", error.Message, StringComparison.Ordinal);
    }
}
