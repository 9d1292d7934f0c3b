using Vedliot.Testing;

namespace Vedliot.Hosting.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class BrokerGroup : ICollectionFixture<MosquittoBroker>
{
    public const string Name = "broker";
}
