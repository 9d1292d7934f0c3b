using Vedliot.Hosting.LocalPlatform;

namespace Vedliot.Hosting.Tests.LocalPlatform;

public sealed class DeploymentAclTests
{
    private static readonly Dictionary<string, string> Apps = new(StringComparer.Ordinal)
    {
        ["smart-home-app"] = "vedliot/smart-home/#",
        ["automotive-app"] = "vedliot/automotive/#",
    };

    private static Dictionary<string, List<string>> Rules(string acl)
    {
        var rules = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var line in acl.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("user ", StringComparison.Ordinal))
            {
                rules[line[5..]] = current = [];
            }
            else
            {
                Assert.NotNull(current); // no pattern or anonymous rule: every right belongs to a user
                current.Add(line);
            }
        }

        return rules;
    }

    [Fact]
    public void Nodes_read_and_write_every_apps_topics_besides_their_own_and_the_pipelines()
    {
        var rules = Rules(LocalBroker.DeploymentAcl("orchestrator", Apps, ["n1", "n2"]));

        foreach (var node in new[] { "n1", "n2" })
        {
            Assert.Equal(
                [$"topic readwrite vedliot/nodes/{node}/#", "topic readwrite vedliot/pipelines/#", "topic readwrite vedliot/smart-home/#", "topic readwrite vedliot/automotive/#"],
                rules[node]);
        }
    }

    [Fact]
    public void Apps_use_their_own_topics_and_read_the_pipeline_notices_only()
    {
        var rules = Rules(LocalBroker.DeploymentAcl("orchestrator", Apps, ["n1"], "root"));

        Assert.Equal(["topic readwrite vedliot/smart-home/#", "topic read root/pipelines/+/notice"], rules["smart-home-app"]);
        Assert.Equal(["topic readwrite vedliot/automotive/#", "topic read root/pipelines/+/notice"], rules["automotive-app"]);
        Assert.Equal(["topic readwrite #"], rules["orchestrator"]);
        Assert.Equal(["topic readwrite root/nodes/n1/#", "topic readwrite root/pipelines/#", "topic readwrite vedliot/smart-home/#", "topic readwrite vedliot/automotive/#"], rules["n1"]);
    }

    [Fact]
    public void An_apps_own_topics_are_granted_to_it_alone()
    {
        var rules = Rules(LocalBroker.DeploymentAcl("orchestrator", Apps, ["n1"], appOwnTopics: new Dictionary<string, IReadOnlyList<string>> { ["smart-home-app"] = ["homeassistant/#", "home/+/set"] }));

        Assert.Equal(["topic readwrite vedliot/smart-home/#", "topic readwrite homeassistant/#", "topic readwrite home/+/set", "topic read vedliot/pipelines/+/notice"], rules["smart-home-app"]);
        Assert.Equal(["topic readwrite vedliot/automotive/#", "topic read vedliot/pipelines/+/notice"], rules["automotive-app"]);
        Assert.DoesNotContain(rules["n1"], r => r.Contains("home/", StringComparison.Ordinal) && !r.Contains("smart-home", StringComparison.Ordinal));
    }
}
