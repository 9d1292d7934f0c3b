using System.Globalization;
using System.Text;
using Vedliot.Messaging.Packets;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Runtime.Yaml;
using YamlDotNet.RepresentationModel;

namespace Vedliot.Runtime.Deployment;

/// <summary>
/// The rules a manifest's topics follow: each is an MQTT topic name (<see cref="MqttTopic.ValidateTopicName"/>,
/// MQTT 5.0 §4.7) outside the server's <c>$</c> topics and the deployment protocol's subtrees, and the
/// pipelines' topics do not feed a pipeline its own results or mix two pipelines' results.
/// </summary>
internal static class ManifestTopics
{
    private const int PreviewCharacters = 40;

    /// <summary>The topic in field <paramref name="key"/> of a pipeline, checked on its own.</summary>
    public static string Read(YamlFields fields, string key, DeploymentTopics protocol)
    {
        var node = fields.Required(key);
        var topic = fields.String(key);
        if (MqttTopic.ValidateTopicName(topic) is { } problem)
        {
            throw fields.Error(node, fields.Field(key), $"'{Preview(topic)}' is not an MQTT topic name: {problem}");
        }

        if (topic[0] == '$')
        {
            throw fields.Error(node, fields.Field(key), $"'{Preview(topic)}' begins with '$', which MQTT keeps for the server's own topics such as $SYS (MQTT 5.0 §4.7.2)");
        }

        if (protocol.ReservedSubtreeOf(topic) is { } subtree)
        {
            throw fields.Error(node, fields.Field(key), $"'{Preview(topic)}' lies in '{subtree}', which the deployment protocol reserves for its own messages; choose a topic outside {protocol.Root}/nodes/, {protocol.Root}/pipelines/ and {protocol.Root}/deployments/");
        }

        return topic;
    }

    /// <summary>
    /// One of the app's own topic filters (<c>app_topics</c>): an MQTT topic filter (MQTT 5.0 §4.7.1) whose first level
    /// is a name, neither a wildcard nor <c>$</c>-topic nor the deployment protocol's root, so that granting it gives
    /// the app nothing of the protocol's or of other apps' pipelines.
    /// </summary>
    public static string ReadAppFilter(YamlFields fields, YamlNode node, string field, DeploymentTopics protocol)
    {
        var filter = fields.Scalar(node, field);
        if (MqttTopic.ValidateTopicFilter(filter) is { } problem)
        {
            throw fields.Error(node, field, $"'{Preview(filter)}' is not an MQTT topic filter: {problem}");
        }

        var first = filter.Split('/')[0];
        if (first is "+" or "#" || first.StartsWith('$') || first == protocol.Root)
        {
            throw fields.Error(node, field, $"'{Preview(filter)}' must begin with a topic level of the app's own, not '{first}': a wildcard, a '$' topic (MQTT 5.0 §4.7.2) or the deployment protocol's root '{protocol.Root}' would grant more than the app's topics");
        }

        return filter;
    }

    /// <summary>
    /// Checks the pipelines' topics against each other: a pipeline's output is not its own input, no two
    /// pipelines publish results on one topic, and no chain of pipelines (one's output another's input)
    /// closes into a cycle. Pipelines may share an input topic: each of them answers every request.
    /// </summary>
    public static void CheckTogether(IReadOnlyList<(PipelineSpec Spec, YamlFields Fields)> pipelines)
    {
        var byOutput = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < pipelines.Count; i++)
        {
            var (spec, fields) = pipelines[i];
            if (spec.OutputTopic == spec.InputTopic)
            {
                throw OutputError(fields, $"'{Preview(spec.OutputTopic)}' is also the pipeline's input_topic, so its results would come back to it as requests; give it its own output topic");
            }

            if (!byOutput.TryAdd(spec.OutputTopic, i))
            {
                var first = pipelines[byOutput[spec.OutputTopic]].Spec.Name;
                throw OutputError(fields, $"'{Preview(spec.OutputTopic)}' is already the output_topic of pipeline '{first}'; an app reading it could not tell the two pipelines' results apart");
            }
        }

        for (var i = 0; i < pipelines.Count; i++)
        {
            if (Cycle(pipelines, i) is { } cycle)
            {
                throw OutputError(pipelines[i].Fields, $"'{Preview(pipelines[i].Spec.OutputTopic)}' feeds pipelines whose results come back to this one ({cycle}), so every result would go round forever");
            }
        }
    }

    /// <summary>The names along the cycle that starts and ends at pipeline <paramref name="start"/>, or null.</summary>
    private static string? Cycle(IReadOnlyList<(PipelineSpec Spec, YamlFields Fields)> pipelines, int start)
    {
        var frontier = new List<int> { start };
        var seen = new HashSet<int> { start };
        var parent = new Dictionary<int, int>();
        while (frontier.Count > 0)
        {
            var next = new List<int>();
            foreach (var from in frontier)
            {
                for (var to = 0; to < pipelines.Count; to++)
                {
                    if (pipelines[to].Spec.InputTopic != pipelines[from].Spec.OutputTopic)
                    {
                        continue;
                    }

                    if (to == start)
                    {
                        var names = new List<string> { pipelines[start].Spec.Name };
                        for (var at = from; at != start; at = parent[at])
                        {
                            names.Insert(1, pipelines[at].Spec.Name);
                        }

                        names.Add(pipelines[start].Spec.Name);
                        return string.Join(" -> ", names);
                    }

                    if (seen.Add(to))
                    {
                        parent[to] = from;
                        next.Add(to);
                    }
                }
            }

            frontier = next;
        }

        return null;
    }

    private static YamlFileException OutputError(YamlFields fields, string reason) =>
        fields.Error(fields.Required("output_topic"), fields.Field("output_topic"), reason);

    /// <summary>The topic as an error shows it: control characters escaped, a long topic cut short with its size.</summary>
    private static string Preview(string topic)
    {
        var text = new StringBuilder();
        foreach (var c in topic.Length > PreviewCharacters ? topic[..PreviewCharacters] : topic)
        {
            text.Append(char.IsControl(c) || char.IsSurrogate(c) ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}") : c);
        }

        return topic.Length > PreviewCharacters
            ? string.Create(CultureInfo.InvariantCulture, $"{text}... ({topic.Length:N0} characters)")
            : text.ToString();
    }
}
