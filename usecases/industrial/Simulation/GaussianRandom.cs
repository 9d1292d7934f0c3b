namespace Vedliot.UseCases.Industrial.Simulation;

/// <summary>Seeded uniform and normal draws (Box–Muller), so a run is reproducible from its seed alone.</summary>
internal sealed class GaussianRandom(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>A draw from the normal distribution N(0, 1).</summary>
    public double Normal()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A uniform draw from [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double Uniform(double min, double max) => min + ((max - min) * _random.NextDouble());

    /// <summary>A uniform phase in [0, 2π).</summary>
    public double Phase() => Uniform(0, 2 * Math.PI);
}
