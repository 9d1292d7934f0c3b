using System.Globalization;
using System.Text;
using Vedliot.UseCases.Industrial.Simulation;

namespace Vedliot.UseCases.Industrial.Model;

/// <summary>Counts of (simulated condition, predicted condition) over a set of windows, with accuracy, precision and recall.</summary>
public sealed class ConfusionMatrix
{
    private readonly int[,] _counts = new int[MotorConditions.All.Count, MotorConditions.All.Count];

    /// <summary>Windows counted.</summary>
    public int Total { get; private set; }

    /// <summary>Windows of condition <paramref name="actual"/> classified as <paramref name="predicted"/>.</summary>
    public int this[MotorCondition actual, MotorCondition predicted] => _counts[(int)actual, (int)predicted];

    /// <summary>Counts one window.</summary>
    public void Add(MotorCondition actual, MotorCondition predicted)
    {
        _counts[(int)actual, (int)predicted]++;
        Total++;
    }

    /// <summary>Share of windows classified as simulated.</summary>
    public double Accuracy => Total == 0 ? 0 : (double)MotorConditions.All.Sum(c => this[c, c]) / Total;

    /// <summary>Of the windows classified as <paramref name="condition"/>, the share that were (1 when none were).</summary>
    public double Precision(MotorCondition condition)
    {
        var predicted = MotorConditions.All.Sum(a => this[a, condition]);
        return predicted == 0 ? 1 : (double)this[condition, condition] / predicted;
    }

    /// <summary>Of the windows of <paramref name="condition"/>, the share classified so (1 when there were none).</summary>
    public double Recall(MotorCondition condition)
    {
        var actual = MotorConditions.All.Sum(p => this[condition, p]);
        return actual == 0 ? 1 : (double)this[condition, condition] / actual;
    }

    /// <summary>The matrix as a text table: one row per simulated condition, then precision and recall per condition.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        var width = MotorConditions.All.Max(c => c.Name().Length) + 2;
        text.Append(CultureInfo.InvariantCulture, $"{"simulated \\ predicted".PadRight(22)}");
        foreach (var c in MotorConditions.All)
        {
            text.Append(c.Name().PadLeft(width));
        }

        text.AppendLine($"{"precision",11}{"recall",9}");
        foreach (var actual in MotorConditions.All)
        {
            text.Append(actual.Name().PadRight(22));
            foreach (var predicted in MotorConditions.All)
            {
                text.Append(this[actual, predicted].ToString(CultureInfo.InvariantCulture).PadLeft(width));
            }

            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{Precision(actual),11:P1}{Recall(actual),9:P1}"));
        }

        text.Append(CultureInfo.InvariantCulture, $"overall accuracy {Accuracy:P2} over {Total} windows");
        return text.ToString();
    }
}
