using System.Text;
using QualityIncubator.Tests.Infrastructure;

namespace QualityIncubator.Tests.Rules;

/// <summary>The tests' authenticator (used to type two-factor codes) computes what RFC 6238 says a phone computes.</summary>
public sealed class TotpTests
{
    private static readonly byte[] RfcKey = Encoding.ASCII.GetBytes("12345678901234567890");

    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void The_rfc_6238_sha1_test_vectors_come_out(long unixSeconds, string expected) =>
        Assert.Equal(expected, Totp.Code(RfcKey, unixSeconds / 30, 8));

    [Fact]
    public void Base32_keys_decode_as_authenticator_apps_read_them()
    {
        // "GEZDGNBVGY3TQOJQ..." is the base32 spelling of the RFC key; apps take it in any case and with spaces.
        Assert.Equal(RfcKey, Totp.Base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));
        Assert.Equal(RfcKey, Totp.Base32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"));
        Assert.Equal("287082", Totp.Code("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", DateTimeOffset.FromUnixTimeSeconds(59)));
    }

    [Fact]
    public void A_wrong_code_differs_from_every_code_accepted_around_the_moment()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(1234567890);
        var wrong = Totp.WrongCode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", at);
        Assert.Matches("^[0-9]{6}$", wrong);
        Assert.All(Enumerable.Range(-2, 5), i => Assert.NotEqual(Totp.Code("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", at.AddSeconds(30 * i)), wrong));
    }
}
