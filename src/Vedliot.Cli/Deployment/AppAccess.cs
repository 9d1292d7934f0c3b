using System.Text.RegularExpressions;
using Vedliot.Runtime;
using Vedliot.Runtime.Deployment;
using Vedliot.Runtime.Deployment.Protocol;

namespace Vedliot.Cli.Deployment;

/// <summary>
/// The broker user a use case's app connects as on the demo's local broker, and the topic filters its ACL grants:
/// the topic levels every pipeline's input and output topic share, then <c>#</c> (for the shipped smart-home
/// manifest, <c>vedliot/smart-home/#</c>), which the pipelines' nodes may use too, and the manifest's
/// <c>app_topics</c> (e.g. <c>homeassistant/#</c>), which only the app may use. The pipelines' notices are readable by
/// every user already.
/// </summary>
/// <param name="User">The app's user: <c>&lt;usecase&gt;-app</c>.</param>
/// <param name="TopicFilter">What the app and its pipelines' nodes may publish and subscribe to.</param>
/// <param name="OwnTopicFilters">What only the app may publish and subscribe to besides.</param>
internal sealed partial record AppAccess(string User, string TopicFilter, IReadOnlyList<string> OwnTopicFilters)
{
    /// <summary>Where the app's availability (<see cref="Vedliot.Pipelines.Apps.AppAvailability"/>) is retained: under its pipelines' shared levels.</summary>
    public string AvailabilityTopic => Vedliot.Pipelines.Apps.AppAvailability.Topic(TopicFilter[..^2]);

    /// <summary>The access of <paramref name="manifest"/>'s app.</summary>
    /// <param name="manifest">The use case's manifest.</param>
    /// <param name="protocol">The deployment protocol's topics, whose subtrees the filter must stay out of.</param>
    /// <returns>The user and filter.</returns>
    /// <exception cref="VedliotException">The use case's name cannot be a broker user, or the topics share no prefix outside the protocol's root.</exception>
    public static AppAccess For(DeployManifest manifest, DeploymentTopics protocol)
    {
        if (!UserName().IsMatch(manifest.UseCase))
        {
            throw new VedliotException($"{manifest.Source}: usecase '{manifest.UseCase}': the demo names the app's broker user after it, so it needs letters, digits, '.', '_' or '-' only");
        }

        var topics = manifest.Pipelines.SelectMany(p => new[] { p.InputTopic, p.OutputTopic }).Select(t => t.Split('/')).ToList();
        var common = topics.Min(t => t.Length);
        foreach (var levels in topics)
        {
            common = Enumerable.Range(0, common).FirstOrDefault(i => levels[i] != topics[0][i], common);
        }

        var prefix = topics[0][..common];
        var root = protocol.Root.Split('/');
        if (common == 0 || (common <= root.Length && prefix.SequenceEqual(root.Take(common))))
        {
            var widest = common == 0 ? "#" : string.Join('/', prefix) + "/#";
            throw new VedliotException($"{manifest.Source}: the demo lets the app use the topics its pipelines' topics share, and they share only '{widest}', which holds the deployment protocol's own topics; put the pipelines' topics under a prefix of their own, e.g. {protocol.Root}/{manifest.UseCase}/");
        }

        return new AppAccess($"{manifest.UseCase}-app", string.Join('/', prefix) + "/#", manifest.AppTopics);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex UserName();
}
