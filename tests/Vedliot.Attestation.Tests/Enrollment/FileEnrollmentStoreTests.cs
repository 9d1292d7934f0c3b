using Vedliot.Attestation.Enrollment;
using Vedliot.Attestation.Tests.Infrastructure;

namespace Vedliot.Attestation.Tests.Enrollment;

public sealed class FileEnrollmentStoreTests
{
    [Fact]
    public async Task Record_is_written_once_and_read_back()
    {
        using var dir = new TestData.TempDirectory();
        var store = new FileEnrollmentStore(dir.Path);
        var record = new EnrollmentRecord("node-1", new byte[] { 1 }, new byte[] { 2 }, new byte[] { 3, 4 }, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

        Assert.True(await store.TryAddAsync(record));
        Assert.False(await store.TryAddAsync(record with { AkName = new byte[] { 9 } }));

        var back = await new FileEnrollmentStore(dir.Path).GetAsync("node-1");
        Assert.NotNull(back);
        Assert.Equal(new byte[] { 3, 4 }, back.AkName.ToArray());
        Assert.Equal(record.EnrolledAt, back.EnrolledAt);
        Assert.Null(await store.GetAsync("node-2"));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("")]
    public async Task Node_ids_that_are_not_plain_names_are_refused(string nodeId)
    {
        using var dir = new TestData.TempDirectory();
        await Assert.ThrowsAsync<ArgumentException>(() => new FileEnrollmentStore(dir.Path).GetAsync(nodeId));
    }
}
