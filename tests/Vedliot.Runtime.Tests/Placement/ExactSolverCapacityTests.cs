using System.Globalization;
using Vedliot.Runtime.Placement;
using Vedliot.Testing.Runtime;

namespace Vedliot.Runtime.Tests.Placement;

public sealed class ExactSolverCapacityTests
{
    private const int Limit = PlacementProblem.MaxUsableClasses;

    // Each case: modules on the platform, how many are excluded, the attestation requirement, how many are attested, and whether it is refused.
    public static TheoryData<int, int, AttestationRequirement, int, bool> Cases => new()
    {
        { Limit, 0, AttestationRequirement.None, 0, false },
        { Limit + 1, 0, AttestationRequirement.None, 0, true },
        { Limit + 1, 1, AttestationRequirement.None, 0, false },
        { Limit + 8, 7, AttestationRequirement.None, 0, true },
        { Limit + 8, 8, AttestationRequirement.None, 0, false },
        { Limit + 8, 0, AttestationRequirement.AllStages, 5, false },
        { Limit + 8, 0, AttestationRequirement.AllStages, Limit + 1, true },
        { Limit + 8, 0, AttestationRequirement.FirstStage, 5, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Modules_are_counted_as_the_solver_counts_them_allowed_and_attested_where_every_stage_must_be(int modules, int excluded, AttestationRequirement attestation, int attested, bool refused)
    {
        var platform = Platform(modules);
        var excludedIds = platform.Modules.Take(excluded).Select(m => m.Id).ToList();
        var attestedIds = platform.Modules.Skip(excluded).Take(attested).Select(m => m.Id).ToList();

        var error = Record.Exception(() => ExactSolverCapacity.EnsureSolvable(platform, excludedIds, attestation, attestedIds));

        Assert.Equal(refused, error is PlacementTooLargeException);
        Assert.True(refused || error is null, error?.ToString());
    }

    [Fact]
    public void A_platform_with_more_distinct_modules_than_the_solver_takes_is_refused_with_the_count_the_limit_and_what_to_do()
    {
        var error = Assert.Throws<PlacementTooLargeException>(() => ExactSolverCapacity.EnsureSolvable(Platform(Limit + 3), [], AttestationRequirement.None, []));

        Assert.StartsWith("big.yaml: 67 distinct modules could host a stage (m0, m1, ", error.Message, StringComparison.Ordinal);
        Assert.Contains("more than the 64 the placement solver takes (identical modules count once", error.Message, StringComparison.Ordinal);
        Assert.Contains("exclude at least 3 of them (vedliot place --exclude, or a pipeline's allowed_kinds)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Identical_modules_count_once_however_many_there_are()
    {
        var fleet = new Runtime.Platform.Platform("fleet", "chassis", [], [.. Enumerable.Range(0, 1000).Select(m => TestModules.Emulated(string.Create(CultureInfo.InvariantCulture, $"n{m}")) with { CallOverheadMs = m % 12 })], [], "fleet.yaml");

        ExactSolverCapacity.EnsureSolvable(fleet, [], AttestationRequirement.None, []);
    }

    [Fact]
    public void The_solver_itself_refuses_the_same_problem_with_the_same_typed_error()
    {
        var modules = Enumerable.Range(0, Limit + 1).Select(m => new PlacementModule(string.Create(CultureInfo.InvariantCulture, $"m{m}"), 1L << 30, IsAttested: true)).ToList();
        var problem = new PlacementProblem(modules, [new PlacementBlock(0, 1, [.. modules.Select(_ => BlockCost.Supported(1, 1, 1))])], [], [], PlacementConstraints.None);

        var error = Assert.Throws<PlacementTooLargeException>(() => PlacementSolver.Solve(problem, PlacementObjective.Latency));

        Assert.StartsWith("placement: 65 distinct modules could host a stage", error.Message, StringComparison.Ordinal);
    }

    private static Runtime.Platform.Platform Platform(int modules) => new(
        "big",
        "chassis",
        [],
        [.. Enumerable.Range(0, modules).Select(m => TestModules.Emulated(string.Create(CultureInfo.InvariantCulture, $"m{m}")) with { CallOverheadMs = m })],
        [],
        "big.yaml");
}
