namespace Vedliot.UseCases.Industrial.Simulation;

/// <summary>The names every output gives the conditions: <c>healthy</c>, <c>outer_race</c>, <c>inner_race</c>, <c>imbalance</c>, <c>misalignment</c>, <c>looseness</c>.</summary>
public static class MotorConditions
{
    /// <summary>Every condition, in the order of the model's scores.</summary>
    public static IReadOnlyList<MotorCondition> All { get; } = Enum.GetValues<MotorCondition>();

    private static readonly string[] Names = ["healthy", "outer_race", "inner_race", "imbalance", "misalignment", "looseness"];

    /// <summary>The condition's name in outputs.</summary>
    /// <param name="condition">A condition.</param>
    /// <returns>Its snake-case name.</returns>
    public static string Name(this MotorCondition condition) => Names[(int)condition];

    /// <summary>The condition named <paramref name="name"/>.</summary>
    /// <param name="name">A name as <see cref="Name"/> gives it.</param>
    /// <returns>The condition.</returns>
    /// <exception cref="ArgumentException">No condition has that name; the message lists them.</exception>
    public static MotorCondition Parse(string name)
    {
        var index = Array.IndexOf(Names, name);
        return index >= 0 ? (MotorCondition)index : throw new ArgumentException($"'{name}' is not a condition; conditions are {string.Join(", ", Names)}", nameof(name));
    }
}
