using System.IO.Compression;
using System.Text;
using QualityIncubator.Web.Platform.Files;

namespace QualityIncubator.Tests.Rules;

public sealed class FileTypesTests
{
    public static byte[] Pdf() => Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

    public static byte[] OfficePackage(string mainPart)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var w = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
            {
                w.Write("<Types/>");
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
