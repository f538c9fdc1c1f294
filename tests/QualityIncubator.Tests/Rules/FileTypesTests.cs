using System.IO.Compression;
using System.Text;
using QualityIncubator.Web.Platform.Files;

namespace QualityIncubator.Tests.Rules;

public sealed class FileTypesTests
{
    public static byte[] Pdf() => Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

    /// <summary>The content type [Content_Types].xml declares for a package's main part.</summary>
    public static string MainContentType(string mainPart) => mainPart switch
    {
        "word/document.xml" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "xl/workbook.xml" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "ppt/presentation.xml" => "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        _ => "application/xml",
    };

    /// <summary>A minimal Office package: [Content_Types].xml declaring <paramref name="mainPart"/> (or <paramref name="contentTypes"/> as given) and the part.</summary>
    public static byte[] OfficePackage(string mainPart, string? contentTypes = null)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var w = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
            {
                w.Write(contentTypes ?? $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/{mainPart}\" ContentType=\"{MainContentType(mainPart)}\"/></Types>");
            }
            using (var w = new StreamWriter(zip.CreateEntry(mainPart).Open()))
            {
                w.Write("<x/>");
            }
        }
        return ms.ToArray();
    }

    private static FileKind? Detect(byte[] bytes) => FileTypes.Detect(new MemoryStream(bytes));

    [Fact]
    public void Allowed_kinds_are_recognised_by_content()
    {
        Assert.Equal(FileTypes.Pdf, Detect(Pdf()));
        Assert.Equal(FileTypes.Png, Detect([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]));
        Assert.Equal(FileTypes.Jpeg, Detect([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]));
        Assert.Equal(FileTypes.Docx, Detect(OfficePackage("word/document.xml")));
        Assert.Equal(FileTypes.Xlsx, Detect(OfficePackage("xl/workbook.xml")));
    }

    [Fact]
    public void A_minimal_powerpoint_package_is_recognised_as_pptx()
    {
        var pptx = OfficePackage("ppt/presentation.xml");
        Assert.Equal(FileTypes.Pptx, Detect(pptx));
        Assert.Equal(".pptx", FileTypes.Pptx.Extension);
        Assert.Contains(FileTypes.Pptx, FileTypes.Allowed);
        Assert.Equal("课件.pptx", FileTypes.SafeFileName("课件", FileTypes.Pptx));
        using var stream = new MemoryStream(pptx);
        stream.Position = 5;
        Assert.Equal(FileTypes.Pptx, FileTypes.Detect(stream));
        Assert.Equal(0, stream.Position);
    }

    [Fact]
    public void Executables_plain_zips_text_and_broken_zips_are_refused()
    {
        Assert.Null(Detect([0x4D, 0x5A, 0x90, 0x00, 0x03]));        // Windows executable
        Assert.Null(Detect([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1]));        // ELF
        Assert.Null(Detect(OfficePackage("readme.txt")));               // a zip that is no Office document
        Assert.Null(Detect(Encoding.UTF8.GetBytes("<script>alert(1)</script>")));
        Assert.Null(Detect([0x50, 0x4B, 0x03, 0x04, 1, 2, 3]));        // zip header, broken body
        Assert.Null(Detect([]));
    }

    /// <summary>
    /// A zip bomb dressed as an Office package: <paramref name="mainPart"/> and [Content_Types].xml as in a real one, plus one part of
    /// <paramref name="megabytes"/> MB of zeros (deflated to about a thousandth of that), or <paramref name="parts"/> tiny parts.
    /// </summary>
    public static byte[] ZipBomb(string mainPart, int megabytes = 0, int parts = 0)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var w = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
            {
                w.Write($"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/{mainPart}\" ContentType=\"{MainContentType(mainPart)}\"/></Types>");
            }
            using (var w = new StreamWriter(zip.CreateEntry(mainPart).Open()))
            {
                w.Write("<x/>");
            }
            if (megabytes > 0)
            {
                using var bomb = zip.CreateEntry("xl/media/zeros.bin", CompressionLevel.SmallestSize).Open();
                var zeros = new byte[1024 * 1024];
                for (var i = 0; i < megabytes; i++)
                {
                    bomb.Write(zeros);
                }
            }
            for (var i = 0; i < parts; i++)
            {
                zip.CreateEntry($"xl/parts/p{i}.xml", CompressionLevel.NoCompression);
            }
        }
        return ms.ToArray();
    }

    [Fact]
    public void A_zip_bomb_dressed_as_xlsx_docx_or_pptx_is_refused_as_a_bomb_before_any_parser_opens_it()
    {
        foreach (var main in new[] { "xl/workbook.xml", "word/document.xml", "ppt/presentation.xml" })
        {
            var bomb = ZipBomb(main, megabytes: (int)(FileTypes.MaxPackageBytes / 1024 / 1024) + 10);
            Assert.True(bomb.Length < 1024 * 1024, $"the bomb is small ({bomb.Length} bytes)");
            var inspection = FileTypes.Inspect(new MemoryStream(bomb));
            Assert.Null(inspection.Kind);
            Assert.Equal(FileTypes.PackageTooLargeMessage, inspection.Refusal);

            var many = FileTypes.Inspect(new MemoryStream(ZipBomb(main, parts: FileTypes.MaxPackageEntries + 1)));
            Assert.Null(many.Kind);
            Assert.Equal(FileTypes.PackageTooLargeMessage, many.Refusal);
        }
        // a real-sized package passes
        Assert.Equal(FileTypes.Xlsx, FileTypes.Detect(new MemoryStream(ZipBomb("xl/workbook.xml", megabytes: 5, parts: 100))));
    }

    [Fact]
    public void A_part_that_lies_about_its_size_never_inflates_beyond_the_limit()
    {
        var bomb = ZipBomb("xl/workbook.xml", megabytes: (int)(FileTypes.MaxPackageBytes / 1024 / 1024) + 10);
        // lie in the central directory and the local header: declare 1 KB for the big part
        var lied = LieAboutSizes(bomb, "xl/media/zeros.bin", 1024);
        var inspection = FileTypes.Inspect(new MemoryStream(lied));
        if (inspection.Kind is not null)
        {
            // accepted only because the zip reader stops at the declared size: what any parser can unpack stays within the limit
            using var zip = new ZipArchive(new MemoryStream(lied), ZipArchiveMode.Read);
            long unpacked = 0;
            foreach (var entry in zip.Entries)
            {
                using var part = entry.Open();
                unpacked += CountBytes(part, FileTypes.MaxPackageBytes + 1);
            }
            Assert.True(unpacked <= FileTypes.MaxPackageBytes, $"{unpacked} bytes unpacked");
        }
        else
        {
            Assert.NotNull(inspection.Refusal);
        }
    }

    private static long CountBytes(Stream stream, long stopAfter)
    {
        var buffer = new byte[81920];
        long total = 0;
        int n;
        while (total <= stopAfter && (n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += n;
        }
        return total;
    }

    private static byte[] LieAboutSizes(byte[] zip, string entryName, uint declared)
    {
        var bytes = (byte[])zip.Clone();
        var name = Encoding.UTF8.GetBytes(entryName);
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            // local file header (uncompressed size at +22, name at +30) and central directory header (at +24, name at +46)
            if (bytes[i] == 0x50 && bytes[i + 1] == 0x4B && bytes[i + 2] == 0x03 && bytes[i + 3] == 0x04 && bytes.AsSpan(i + 30).StartsWith(name))
            {
                BitConverter.TryWriteBytes(bytes.AsSpan(i + 22, 4), declared);
            }
            if (bytes[i] == 0x50 && bytes[i + 1] == 0x4B && bytes[i + 2] == 0x01 && bytes[i + 3] == 0x02 && bytes.AsSpan(i + 46).StartsWith(name))
            {
                BitConverter.TryWriteBytes(bytes.AsSpan(i + 24, 4), declared);
            }
        }
        return bytes;
    }

    [Fact]
    public void Malformed_office_packages_are_refused_with_a_reason()
    {
        var xlsx = OfficePackage("xl/workbook.xml");
        var truncated = xlsx[..(xlsx.Length / 2)];
        Assert.Null(FileTypes.Inspect(new MemoryStream(truncated)).Kind);
        Assert.NotNull(FileTypes.Inspect(new MemoryStream(truncated)).Refusal);
        // the main part is there but [Content_Types].xml declares a Word document, or is not XML at all
        var wrongTypes = OfficePackage("xl/workbook.xml", $"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"{MainContentType("word/document.xml")}\"/></Types>");
        Assert.Equal(FileTypes.BrokenPackageMessage, FileTypes.Inspect(new MemoryStream(wrongTypes)).Refusal);
        Assert.Equal(FileTypes.BrokenPackageMessage, FileTypes.Inspect(new MemoryStream(OfficePackage("xl/workbook.xml", "not xml <<<"))).Refusal);
        // a DTD (the door to XML entity expansion) is refused
        var dtd = OfficePackage("xl/workbook.xml", "<!DOCTYPE Types [<!ENTITY a \"aaaa\">]><Types>&a;</Types>");
        Assert.Equal(FileTypes.BrokenPackageMessage, FileTypes.Inspect(new MemoryStream(dtd)).Refusal);
        // a valid zip that is no Office package
        Assert.Equal(FileTypes.UnsupportedMessage, FileTypes.Inspect(new MemoryStream(OfficePackage("readme.txt"))).Refusal);
        // a macro-enabled workbook (.xlsm) declares another main content type
        var xlsm = OfficePackage("xl/workbook.xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.ms-excel.sheet.macroEnabled.main+xml\"/></Types>");
        Assert.Null(FileTypes.Inspect(new MemoryStream(xlsm)).Kind);
    }

    [Theory]
    [InlineData("a\u202Efdp.exe", "afdp.exe.pdf")]
    [InlineData("/etc/passwd.pdf", "passwd.pdf")]
    [InlineData("C:\\Windows\\system32\\x.pdf", "x.pdf")]
    [InlineData("  ..  ", "文件.pdf")]
    [InlineData("a\u200Bb\uFEFF.pdf", "ab.pdf")]
    public void File_names_lose_bidi_overrides_invisible_characters_and_absolute_paths(string name, string expected) =>
        Assert.Equal(expected, FileTypes.SafeFileName(name, FileTypes.Pdf));

    [Fact]
    public void Very_long_file_names_are_cut_and_keep_the_real_extension()
    {
        var name = FileTypes.SafeFileName(new string('报', 5000) + ".pdf", FileTypes.Pdf);
        Assert.True(name.Length <= 124, name.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith(".pdf", name, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../etc/passwd.pdf", "passwd.pdf")]
    [InlineData("..\\..\\windows\\报告.pdf", "报告.pdf")]
    [InlineData("自评报告", "自评报告.pdf")]
    [InlineData("report.exe", "report.exe.pdf")]
    [InlineData("", "文件.pdf")]
    [InlineData("a\u0000b.pdf", "ab.pdf")]
    public void File_names_lose_folders_and_control_characters_and_get_the_real_extension(string name, string expected) =>
        Assert.Equal(expected, FileTypes.SafeFileName(name, FileTypes.Pdf));
}
