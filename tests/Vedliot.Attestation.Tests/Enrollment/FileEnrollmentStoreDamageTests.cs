using System.Text;
using Vedliot.Attestation.Enrollment;
using Vedliot.Attestation.Storage;
using Vedliot.Attestation.Tests.Infrastructure;

namespace Vedliot.Attestation.Tests.Enrollment;

public sealed class FileEnrollmentStoreDamageTests
{
    private const string Good = """{"nodeId":"node-1","ekPublic":"AQ==","akPublic":"Ag==","akName":"0304","enrolledAt":"2026-01-02T03:04:05+00:00"}""";

    // Each case: the damaged record, and what the message says is wrong (the JSON position where there is one).
    public static TheoryData<string, string> Damaged => new()
    {
        { Good[..40], "not valid JSON at line 1, byte 41" },
        { "{\"nodeId\":\"node-1\",\n\"ekPublic\": }", "not valid JSON at line 2, byte 13" },
        { "not json at all", "not valid JSON at line 1, byte 2: 'not json at all' is an invalid JSON literal" },
        { string.Empty, "not valid JSON at line 1, byte 1" },
        { "null", "it holds null, not a record" },
        { "[1, 2, 3]", "not valid JSON at line 1, byte 2: the value has the wrong JSON type" },
        { Good.Replace("node-1", "node-2", StringComparison.Ordinal), "it is for node 'node-2', not node-1" },
        { Good.Replace("\"AQ==\"", "\"***\"", StringComparison.Ordinal), "ekPublic cannot be decoded" },
        { Good.Replace("\"0304\"", "\"xyz\"", StringComparison.Ordinal), "akName cannot be decoded" },
        { Good.Replace(",\"akPublic\":\"Ag==\"", string.Empty, StringComparison.Ordinal), "akPublic cannot be decoded (the field is missing)" },
        { Good.Replace("\"2026-01-02T03:04:05+00:00\"", "\"yesterday\"", StringComparison.Ordinal), "not valid JSON at line 1, byte" },
        { "\u00FF\u00FE garbage", "not valid JSON at line 1, byte 1" },
    };

    [Theory]
    [MemberData(nameof(Damaged))]
    public async Task A_damaged_enrollment_record_is_named_with_where_it_is_damaged_and_how_to_recover(string content, string problem)
    {
        using var dir = new TestData.TempDirectory();
        var path = Path.Combine(dir.Path, "node-1.enrollment.json");
        await File.WriteAllTextAsync(path, content, new UTF8Encoding(false));

        var error = await Assert.ThrowsAsync<AttestationStateFileException>(() => new FileEnrollmentStore(dir.Path).GetAsync("node-1"));

        Assert.Equal(path, error.FilePath);
        Assert.StartsWith($"{path}: ", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Contains(problem, StringComparison.Ordinal), error.Message);
        Assert.EndsWith("delete it to enroll node node-1 again (its next admission enrolls it afresh).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_intact_record_still_reads_back()
    {
        using var dir = new TestData.TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "node-1.enrollment.json"), Good);

        var record = await new FileEnrollmentStore(dir.Path).GetAsync("node-1");

        Assert.Equal(new byte[] { 3, 4 }, record!.AkName.ToArray());
    }

    [Fact]
    public async Task An_enrollment_record_larger_than_the_limit_is_refused_before_it_is_read()
    {
        using var dir = new TestData.TempDirectory();
        var path = Path.Combine(dir.Path, "node-1.enrollment.json");
        await File.WriteAllBytesAsync(path, new byte[FileEnrollmentStore.MaxRecordBytes + 1]);

        var error = await Assert.ThrowsAsync<AttestationStateFileException>(() => new FileEnrollmentStore(dir.Path).GetAsync("node-1"));

        Assert.Contains("the enrollment record is larger than the limit of 65,536 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_in_place_of_a_record_is_named_not_taken_for_a_node_never_enrolled()
    {
        using var dir = new TestData.TempDirectory();
        var path = Path.Combine(dir.Path, "node-1.enrollment.json");
        Directory.CreateDirectory(path);

        var error = await Assert.ThrowsAsync<AttestationStateFileException>(() => new FileEnrollmentStore(dir.Path).GetAsync("node-1"));

        Assert.StartsWith($"{path}: the enrollment record is a folder, not a file; delete it", error.Message, StringComparison.Ordinal);
    }
}
