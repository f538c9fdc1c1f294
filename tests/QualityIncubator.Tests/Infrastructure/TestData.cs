using System.Security.Cryptography;
using QualityIncubator.Web.Applications;

namespace QualityIncubator.Tests.Infrastructure;

public static class TestData
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <summary>A random credit code that passes the GB 32100 check.</summary>
    public static string NewCreditCode()
    {
        var body = new char[9];
        for (var i = 0; i < body.Length; i++)
        {
            body[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        return CreditCode.WithCheckCharacter("91310117" + new string(body));
    }
}
