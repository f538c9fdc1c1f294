using System.Globalization;
using System.Text;

namespace QualityIncubator.ScaleData;

/// <summary>
/// Small, valid PDF files (one or two pages of Helvetica text) for the uploads: each carries its owner, its purpose and a seeded serial,
/// so that every generated file has content of its own and thus a SHA-256 of its own. The file store checks type by content (%PDF-).
/// </summary>
internal static class FakePdf
{
    public static byte[] Create(string title, IReadOnlyList<string> lines, Rng rng)
    {
        var pages = lines.Count > 30 ? 2 : 1;
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [" + string.Join(" ", Enumerable.Range(0, pages).Select(i => $"{4 + i * 2} 0 R")) + string.Create(CultureInfo.InvariantCulture, $"] /Count {pages} >>"),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        for (var page = 0; page < pages; page++)
        {
            var text = new StringBuilder();
            text.Append("BT /F1 14 Tf 56 780 Td (").Append(Escape(title)).Append(") Tj /F1 10 Tf 0 -24 Td 13 TL\n");
            foreach (var line in lines.Skip(page * 30).Take(30))
            {
                text.Append('(').Append(Escape(line)).Append(") Tj T*\n");
            }
            text.Append(string.Create(CultureInfo.InvariantCulture, $"(page {page + 1} of {pages} - ref {Convert.ToHexString(rng.Bytes(8))}) Tj\nET"));
            var stream = text.ToString();
            objects.Add(string.Create(CultureInfo.InvariantCulture, $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {5 + page * 2} 0 R >>"));
            objects.Add(string.Create(CultureInfo.InvariantCulture, $"<< /Length {Encoding.ASCII.GetByteCount(stream)} >>\nstream\n{stream}\nendstream"));
        }
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append(string.Create(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n"));
        }
        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append(string.Create(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n"));
        foreach (var offset in offsets)
        {
            pdf.Append(string.Create(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n"));
        }
        pdf.Append(string.Create(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"));
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>Lines of plausible report text (ASCII: the standard Helvetica font has no Chinese glyphs).</summary>
    public static List<string> Body(Rng rng, string owner, string purpose, int lines)
    {
        string[] words =
        [
            "leadership", "strategy", "customer", "market", "resources", "process", "measurement", "analysis", "improvement", "results",
            "quality", "objective", "indicator", "deployment", "learning", "integration", "trend", "benchmark", "supplier", "training",
        ];
        var list = new List<string> { "Owner: " + owner, "Purpose: " + purpose, string.Empty };
        for (var i = 0; i < lines; i++)
        {
            list.Add(string.Join(' ', Enumerable.Range(0, rng.Between(6, 11)).Select(_ => rng.Pick(words))) + ".");
        }
        return list;
    }

    private static string Escape(string s)
    {
        var ascii = new string([.. s.Select(c => c < 128 ? c : '?')]);
        return ascii.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal);
    }
}
