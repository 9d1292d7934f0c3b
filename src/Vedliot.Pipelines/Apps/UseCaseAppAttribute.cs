namespace Vedliot.Pipelines.Apps;

/// <summary>
/// Names the <see cref="IUseCaseApp"/> of a use case's assembly, so that <c>vedliot demo</c> finds it from the
/// manifest's <c>app</c> field (the assembly's name) without knowing the use case.
/// </summary>
/// <param name="appType">A public type with a public parameterless constructor that implements <see cref="IUseCaseApp"/>.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class UseCaseAppAttribute(Type appType) : Attribute
{
    /// <summary>The app's type.</summary>
    public Type AppType { get; } = appType;
}
