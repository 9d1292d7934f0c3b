using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Vedliot.Attestation.Enrollment;
using Vedliot.Attestation.Tests.Infrastructure;
using Vedliot.Attestation.Tpm;
using Vedliot.Attestation.Tpm.Marshalling;

namespace Vedliot.Attestation.Tests.Enrollment;

/// <summary>Bounded, fixed-seed mutation of enrollment requests: the verifier answers every one without throwing.</summary>
public sealed class EnrollmentFuzzTests
{
    [Fact]
    public async Task Mutated_enrollment_requests_never_crash_the_verifier()
    {
        using var caKey = RSA.Create(2048);
        using var ekKey = RSA.Create(2048);
        using var akKey = RSA.Create(2048);
        var notBefore = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var caRequest = new CertificateRequest("CN=Test EK CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var ca = caRequest.CreateSelfSigned(notBefore, notBefore.AddYears(10));
        var ekRequest = new CertificateRequest("CN=Test EK", ekKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var ekCertificate = ekRequest.Create(ca, notBefore, notBefore.AddYears(5), [1, 2, 3, 4]);
        var ekPublic = KeyTemplates.RsaEndorsementKey with { Unique = ekKey.ExportParameters(false).Modulus! };
        var akPublic = KeyTemplates.RsaAttestationKey with { Unique = akKey.ExportParameters(false).Modulus! };
        var valid = new EnrollmentRequest("node-f", ekCertificate.RawData, TpmMarshaller.EncodePublicArea(ekPublic), TpmMarshaller.EncodePublicArea(akPublic));

        using var dir = new TestData.TempDirectory();
        var options = new EnrollmentOptions();
        options.TrustedRoots.Add(ca);
        var verifier = new EnrollmentVerifier(options, new FileEnrollmentStore(dir.Path), new FakeTimeProvider(notBefore.AddDays(1)));
        var baseline = await verifier.BeginAsync(valid);
        Assert.True(baseline.Succeeded, baseline.Detail);

        var random = new Random(7);
        var failures = new HashSet<EnrollmentFailure>();
        for (var i = 0; i < 600; i++)
        {
            var field = random.Next(3);
            var request = field switch
            {
                0 => valid with { EkCertificate = Mutate(valid.EkCertificate.ToArray(), random) },
                1 => valid with { EkPublic = Mutate(valid.EkPublic.ToArray(), random) },
                _ => valid with { AkPublic = Mutate(valid.AkPublic.ToArray(), random) },
            };
            var result = await verifier.BeginAsync(request);
            failures.Add(result.Failure);
            Assert.Equal(result.Succeeded, result.Challenge is not null);
        }

        Assert.Contains(EnrollmentFailure.MalformedRequest, failures);
        Assert.Contains(EnrollmentFailure.EkCertificateInvalid, failures);
    }

    private static byte[] Mutate(byte[] bytes, Random random)
    {
        if (random.Next(3) == 0)
        {
            return bytes[..random.Next(bytes.Length)];
        }

        var copy = bytes.ToArray();
        var bit = random.Next(copy.Length * 8);
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }
}
