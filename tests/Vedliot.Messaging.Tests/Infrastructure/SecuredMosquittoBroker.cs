using Vedliot.Testing;

namespace Vedliot.Messaging.Tests.Infrastructure;

/// <summary>
/// mosquitto as a deployment runs it: no anonymous access, a full-access and a restricted user, an ACL, a
/// packet size limit, and TLS and mutual-TLS listeners beside the plain one.
/// </summary>
public sealed class SecuredMosquittoBroker() : MosquittoBroker(new MosquittoBrokerOptions
{
    Users = [(UserName, Password), (RestrictedUser, RestrictedPassword)],
    Acl = $"""
        user {UserName}
        topic readwrite #

        user {RestrictedUser}
        topic readwrite allowed/#
        topic read readonly/#

        user {ClientCertificateName}
        topic readwrite #

        """,
    Tls = true,
    MaximumPacketSize = BrokerMaximumPacketSize,
})
{
    public const string UserName = "vedliot";
    public const string Password = "s3cret-pass";
    public const string RestrictedUser = "restricted";
    public const string RestrictedPassword = "restricted-pass";
    public const uint BrokerMaximumPacketSize = 4 << 20;
}

[CollectionDefinition(Name)]
public sealed class MosquittoGroup : ICollectionFixture<SecuredMosquittoBroker>
{
    public const string Name = "mosquitto";
}
