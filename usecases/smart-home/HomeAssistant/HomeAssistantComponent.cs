namespace Vedliot.UseCases.SmartHome.HomeAssistant;

/// <summary>The Home Assistant MQTT components (entity platforms) the app announces.</summary>
public enum HomeAssistantComponent
{
    /// <summary><c>binary_sensor</c>: on or off.</summary>
    BinarySensor,

    /// <summary><c>sensor</c>: a value, with a unit.</summary>
    Sensor,

    /// <summary><c>event</c>: something that happened, stateless.</summary>
    Event,
}

/// <summary>The components' names in discovery topics.</summary>
public static class HomeAssistantComponents
{
    /// <summary>The name Home Assistant gives <paramref name="component"/> in discovery topics, e.g. <c>binary_sensor</c>.</summary>
    /// <param name="component">The component.</param>
    /// <returns>Its name.</returns>
    public static string TopicName(this HomeAssistantComponent component) => component switch
    {
        HomeAssistantComponent.BinarySensor => "binary_sensor",
        HomeAssistantComponent.Sensor => "sensor",
        HomeAssistantComponent.Event => "event",
        _ => throw new ArgumentOutOfRangeException(nameof(component), component, "not a component the app announces"),
    };
}
