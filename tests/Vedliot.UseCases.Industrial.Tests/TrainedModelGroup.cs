namespace Vedliot.UseCases.Industrial.Tests;

/// <summary>The test classes that share one trained model (training takes a minute or more; once per run).</summary>
[CollectionDefinition(Name)]
public sealed class TrainedModelGroup : ICollectionFixture<TrainedModelFixture>
{
    public const string Name = "trained motor model";
}
