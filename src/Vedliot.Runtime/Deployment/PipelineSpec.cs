using Vedliot.Runtime.Placement;

namespace Vedliot.Runtime.Deployment;

/// <summary>One model of a use case, deployed as a pipeline of stages between two MQTT topics.</summary>
/// <param name="Name">The pipeline's name, unique in the manifest.</param>
/// <param name="Model">The ONNX model.</param>
/// <param name="InputTopic">Where its requests arrive.</param>
/// <param name="OutputTopic">Where its results are published.</param>
/// <param name="Objective">What its placement optimises.</param>
/// <param name="Constraints">What its placement must respect.</param>
public sealed record PipelineSpec(string Name, ModelReference Model, string InputTopic, string OutputTopic, PlacementObjective Objective, DeploymentConstraints Constraints)
{
    /// <summary>Sizes of the model's symbolic input dimensions the pipeline runs with (e.g. <c>samples: 1760</c>), so that it is profiled on the inputs it will see.</summary>
    public IReadOnlyDictionary<string, long> Dimensions { get; init; } = new Dictionary<string, long>();
}
