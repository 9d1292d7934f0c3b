using System.Globalization;
using System.Text.RegularExpressions;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Runtime.Placement;
using Vedliot.Runtime.Platform;
using Vedliot.Runtime.Yaml;

namespace Vedliot.Runtime.Deployment;

/// <summary>
/// Reads deploy manifests (<c>usecases/NAME/deploy.yaml</c>; JSON Schema in
/// <c>usecases/deploy.schema.json</c>). Every error names the file, line and field; unknown fields are
/// refused.
/// </summary>
public static partial class DeployManifestReader
{
    /// <summary>The platform value that asks for discovery instead of a descriptor.</summary>
    public const string Discover = "discover";

    /// <summary>
    /// Most pipelines a manifest may hold: 64. At start the orchestrator profiles, places and deploys every
    /// pipeline one after the other (seconds each), and its retained status message lists every stage of every
    /// pipeline; the shipped use case has 3 pipelines. A manifest with more is refused before any of that starts.
    /// </summary>
    public const int MaxPipelines = 64;

    /// <summary>Most topic filters a manifest's <c>app_topics</c> may hold: 16, each a line of the broker's ACL.</summary>
    public const int MaxAppTopics = 16;

    /// <summary>The fields a manifest's top level may have.</summary>
    public static IReadOnlyList<string> ManifestFields { get; } = ["usecase", "description", "app", "app_topics", "platform", "pipelines"];

    /// <summary>The fields a pipeline may have.</summary>
    public static IReadOnlyList<string> PipelineFields { get; } = ["name", "model", "input_topic", "output_topic", "objective", "dimensions", "constraints"];

    /// <summary>The fields a pipeline's constraints may have.</summary>
    public static IReadOnlyList<string> ConstraintFields { get; } = ["latency_budget_ms", "energy_budget_mj", "require_attested", "allowed_kinds", "max_stages", "max_exposure"];

    /// <summary>Reads the manifest at <paramref name="path"/>.</summary>
    /// <exception cref="YamlFileException">The file is missing, not YAML, or a field is wrong.</exception>
    public static DeployManifest Load(string path) => Parse(YamlFields.ReadFile(path), path);

    /// <summary>Reads a manifest from <paramref name="yaml"/>; <paramref name="file"/> names it in errors and anchors its relative paths.</summary>
    /// <exception cref="YamlFileException">The text is not YAML, or a field is wrong.</exception>
    public static DeployManifest Parse(string yaml, string file)
    {
        var root = YamlFields.Document(yaml, file);
        var useCase = root.String("usecase");
        var description = root.OptionalString("description") ?? string.Empty;
        var app = ReadApp(root);
        var appTopics = ReadAppTopics(root);
        var platform = root.String("platform");
        var descriptor = platform == Discover ? null : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, platform));
        var list = root.Sequence("pipelines");
        if (list.Children.Count > MaxPipelines)
        {
            throw root.Error(list, "pipelines", string.Create(CultureInfo.InvariantCulture, $"{list.Children.Count:N0} pipelines are more than the limit of {MaxPipelines} a manifest may hold; split the use case into several manifests"));
        }

        var protocol = new DeploymentTopics();
        var pipelines = new List<(PipelineSpec Spec, YamlFields Fields)>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var fields = root.Item(list.Children[i], $"pipelines[{i}]");
            var pipeline = ReadPipeline(fields, protocol);
            if (pipelines.Any(p => p.Spec.Name == pipeline.Name))
            {
                throw fields.Error(fields.Required("name"), fields.Field("name"), $"pipeline name '{pipeline.Name}' is used twice");
            }

            pipelines.Add((pipeline, fields));
            fields.RejectUnknown();
        }

        if (pipelines.Count == 0)
        {
            throw root.Error(list, "pipelines", "a manifest needs at least one pipeline");
        }

        ManifestTopics.CheckTogether(pipelines);
        root.RejectUnknown();
        return new DeployManifest(useCase, description, descriptor, [.. pipelines.Select(p => p.Spec)], file) { App = app, AppTopics = appTopics };
    }

    /// <summary>The optional <c>app</c> field: an assembly's simple name, as <c>Assembly.Load</c> takes it.</summary>
    private static string? ReadApp(YamlFields root)
    {
        if (root.OptionalString("app") is not { } app)
        {
            return null;
        }

        return AssemblyName().IsMatch(app)
            ? app
            : throw root.Error(root.Required("app"), "app", $"'{app}' is not an assembly's simple name: expected letters, digits, '_' and '-' in dot-separated parts, each beginning with a letter or '_', e.g. Vedliot.UseCases.SmartHome");
    }

    /// <summary>The optional <c>app_topics</c> field: topic filters outside the deployment protocol's root.</summary>
    private static List<string> ReadAppTopics(YamlFields root)
    {
        if (root.Optional("app_topics") is null)
        {
            return [];
        }

        var list = root.Sequence("app_topics");
        if (list.Children.Count > MaxAppTopics)
        {
            throw root.Error(list, "app_topics", $"{list.Children.Count} topic filters are more than the {MaxAppTopics} an app may be granted");
        }

        var protocol = new DeploymentTopics();
        var filters = new List<string>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var filter = ManifestTopics.ReadAppFilter(root, list.Children[i], $"app_topics[{i}]", protocol);
            if (filters.Contains(filter, StringComparer.Ordinal))
            {
                throw root.Error(list.Children[i], $"app_topics[{i}]", $"'{filter}' is listed twice");
            }

            filters.Add(filter);
        }

        return filters;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex AssemblyName();

    private static PipelineSpec ReadPipeline(YamlFields fields, DeploymentTopics protocol)
    {
        var name = fields.String("name");
        var model = fields.String("model");
        var input = ManifestTopics.Read(fields, "input_topic", protocol);
        var output = ManifestTopics.Read(fields, "output_topic", protocol);
        var objective = fields.Optional("objective") is null ? PlacementObjective.Latency : Choice(fields, "objective", PlacementVocabulary.Objectives);
        var constraints = fields.Optional("constraints") is null
            ? new DeploymentConstraints(null, null, AttestationRequirement.None, new HashSet<ModuleKind>(), null)
            : ReadConstraints(fields.Mapping("constraints"));
        var dimensions = fields.Optional("dimensions") is null ? new Dictionary<string, long>() : ReadDimensions(fields.Mapping("dimensions"));
        return new PipelineSpec(name, new ModelReference(model), input, output, objective, constraints) { Dimensions = dimensions };
    }

    private static Dictionary<string, long> ReadDimensions(YamlFields fields)
    {
        var dimensions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, node) in ((YamlDotNet.RepresentationModel.YamlMappingNode)fields.Node).Children)
        {
            var name = fields.Scalar(key, fields.Field("dimensions"));
            var value = fields.Number(node, fields.Field(name), 1, exclusive: false);
            dimensions[name] = value == Math.Floor(value) && value <= int.MaxValue
                ? (long)value
                : throw fields.Error(node, fields.Field(name), $"expected a whole number of elements, found {value}");
        }

        return dimensions;
    }

    private static DeploymentConstraints ReadConstraints(YamlFields fields)
    {
        double? latency = fields.Optional("latency_budget_ms") is { } l ? fields.Number(l, fields.Field("latency_budget_ms"), 0, exclusive: true) : null;
        double? energy = fields.Optional("energy_budget_mj") is { } e ? fields.Number(e, fields.Field("energy_budget_mj"), 0, exclusive: true) : null;
        var attestation = fields.Optional("require_attested") is null ? AttestationRequirement.None : Choice(fields, "require_attested", PlacementVocabulary.AttestationRequirements);
        var kinds = new HashSet<ModuleKind>();
        if (fields.Optional("allowed_kinds") is not null)
        {
            var list = fields.Sequence("allowed_kinds");
            for (var i = 0; i < list.Children.Count; i++)
            {
                var text = fields.Scalar(list.Children[i], fields.Field($"allowed_kinds[{i}]"));
                if (!Enum.TryParse<ModuleKind>(text, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
                {
                    throw fields.Error(list.Children[i], fields.Field($"allowed_kinds[{i}]"), $"'{text}' is not one of cpu, gpu, fpga, asic");
                }

                kinds.Add(kind);
            }
        }

        int? maxStages = null;
        if (fields.Optional("max_stages") is { } node)
        {
            var value = fields.Number(node, fields.Field("max_stages"), 1, exclusive: false);
            maxStages = value == Math.Floor(value) && value <= int.MaxValue ? (int)value : throw fields.Error(node, fields.Field("max_stages"), $"expected a whole number of stages, found {value}");
        }

        double? maxExposure = fields.Optional("max_exposure") is { } exposure ? fields.Number(exposure, fields.Field("max_exposure"), new NumberRange(0, 1, "(an exposure is a similarity in [0, 1])")) : null;
        fields.RejectUnknown();
        return new DeploymentConstraints(latency, energy, attestation, kinds, maxStages) { MaxExposure = maxExposure };
    }

    private static T Choice<T>(YamlFields fields, string key, IReadOnlyDictionary<string, T> choices)
    {
        var node = fields.Required(key);
        var text = fields.Scalar(node, fields.Field(key));
        return choices.TryGetValue(text, out var value) ? value : throw fields.Error(node, fields.Field(key), $"'{text}' is not one of {string.Join(", ", choices.Keys)}");
    }
}
