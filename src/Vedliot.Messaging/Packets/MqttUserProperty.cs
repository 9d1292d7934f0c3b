namespace Vedliot.Messaging.Packets;

/// <summary>A user property: a UTF-8 string pair that may repeat (MQTT 5.0 §3.3.2.3.7).</summary>
/// <param name="Name">The property name.</param>
/// <param name="Value">The property value.</param>
public readonly record struct MqttUserProperty(string Name, string Value);
