using Vedliot.Testing;

namespace Vedliot.Node.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class BrokerGroup : ICollectionFixture<MosquittoBroker>
{
    public const string Name = "broker";
}
