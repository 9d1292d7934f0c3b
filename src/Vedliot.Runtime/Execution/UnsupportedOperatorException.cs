namespace Vedliot.Runtime.Execution;

/// <summary>A partition holds an operator (or precision) that a module does not run.</summary>
public sealed class UnsupportedOperatorException : VedliotException
{
    /// <summary>Creates the error naming the module and what it lacks.</summary>
    public UnsupportedOperatorException(string moduleId, IReadOnlyList<string> operators, string reason)
        : base($"module '{moduleId}' {reason}")
    {
        ModuleId = moduleId;
        Operators = operators;
    }

    /// <summary>The module that refused the partition.</summary>
    public string ModuleId { get; }

    /// <summary>The operators it does not run (empty when a precision is the reason).</summary>
    public IReadOnlyList<string> Operators { get; }
}
