using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace QualityIncubator.Tests.Infrastructure;

/// <summary>
/// What an authenticator app computes (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits, base32 key), so tests can type the code a
/// phone would show. Test code only: the product uses Identity's own authenticator token provider.
/// </summary>
public static class Totp
{
    public static string Code(string base32Key, DateTimeOffset at) => Code(Base32(base32Key), at.ToUnixTimeSeconds() / 30, 6);

    /// <summary>A six-digit code that matches none of the steps Identity accepts around <paramref name="at"/> (it allows ±2 steps).</summary>
    public static string WrongCode(string base32Key, DateTimeOffset at)
    {
        var accepted = Enumerable.Range(-3, 7).Select(i => Code(base32Key, at.AddSeconds(30 * i))).ToHashSet();
        return Enumerable.Range(0, 10).Select(i => new string((char)('0' + i), 6)).First(c => !accepted.Contains(c));
    }

    /// <summary>RFC 4226 HOTP of one counter value (RFC 6238 feeds it the time step).</summary>
    public static string Code(byte[] key, long counter, int digits)
    {
        Span<byte> message = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(message, counter);
#pragma warning disable CA5350 // RFC 6238's default (and what authenticator apps and Identity use) is HMAC-SHA1
        var hash = HMACSHA1.HashData(key, message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset, 4)) & 0x7FFFFFFF) % (int)Math.Pow(10, digits);
        return binary.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    /// <summary>RFC 4648 base32 (A–Z, 2–7), spaces and padding ignored, any case.</summary>
    public static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant().Where(c => c is not (' ' or '=')))
        {
            var value = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                throw new FormatException($"not base32: {c}");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }
        return [.. bytes];
    }
}
