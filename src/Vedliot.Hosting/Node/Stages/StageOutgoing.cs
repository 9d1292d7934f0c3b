using Vedliot.Messaging.Packets;

namespace Vedliot.Hosting.Node.Stages;

/// <summary>A message a stage publishes for one request: its result (forwarded or answered) or an error reply.</summary>
/// <param name="Message">The message (QoS 1).</param>
/// <param name="Route">Where the request's replies go; an undeliverable result is reported there.</param>
/// <param name="IsResult">True for a result, false for an error reply.</param>
internal sealed record StageOutgoing(MqttApplicationMessage Message, ReplyRoute Route, bool IsResult);
