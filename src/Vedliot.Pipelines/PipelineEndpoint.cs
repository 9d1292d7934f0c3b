namespace Vedliot.Pipelines;

/// <summary>Where one pipeline of a deployment is reached: its name and the manifest's topics.</summary>
/// <param name="Pipeline">The pipeline's name in the manifest.</param>
/// <param name="InputTopic">The manifest's <c>input_topic</c>: where requests are published.</param>
/// <param name="OutputTopic">The manifest's <c>output_topic</c>: where answers go unless a request names its own response topic.</param>
/// <param name="TopicRoot">The deployment protocol's topic root (notices live under it). Default <c>vedliot</c>.</param>
public sealed record PipelineEndpoint(string Pipeline, string InputTopic, string OutputTopic, string TopicRoot = "vedliot")
{
    /// <summary>The retained notice topic of this pipeline.</summary>
    public string NoticeTopic => PipelineNotices.Topic(TopicRoot, Pipeline);
}
