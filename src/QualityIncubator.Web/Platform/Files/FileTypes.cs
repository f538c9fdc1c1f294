using System.IO.Compression;

namespace QualityIncubator.Web.Platform.Files;

/// <summary>An allowed kind of upload: decided from the content's first bytes, never from the file name.</summary>
public sealed record FileKind(string Name, string ContentType, string Extension);

/// <summary>Decides a file's type from its content (magic bytes). Pure; the allow-list is pdf, docx, xlsx, pptx (course slides), jpg, png.</summary>
public static class FileTypes
{
    public static readonly FileKind Pdf = new("PDF", "application/pdf", ".pdf");
    public static readonly FileKind Docx = new("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx");
    public static readonly FileKind Xlsx = new("Excel", Spreadsheet.ContentType, ".xlsx");
    public static readonly FileKind Pptx = new("PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx");
    public static readonly FileKind Jpeg = new("JPEG", "image/jpeg", ".jpg");
    public static readonly FileKind Png = new("PNG", "image/png", ".png");

    public static readonly IReadOnlyList<FileKind> Allowed = [Pdf, Docx, Xlsx, Pptx, Jpeg, Png];

    /// <summary>The kind of a seekable stream's content, or null when it is none of the allowed kinds. Leaves the stream at position 0.</summary>
    public static FileKind? Detect(Stream content)
    {
        content.Position = 0;
        Span<byte> head = stackalloc byte[8];
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        content.Position = 0;
        head = head[..read];
        if (head.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }
        if (head.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }))
        {
            return Jpeg;
        }
        if (head.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            return Png;
        }
        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            var kind = DetectOfficePackage(content);
            content.Position = 0;
            return kind;
        }
        return null;
    }

    /// <summary>A zip is only a .docx, .xlsx or .pptx when its package parts say so.</summary>
    private static FileKind? DetectOfficePackage(Stream content)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.GetEntry("[Content_Types].xml") is null)
            {
                return null;
            }
            if (zip.GetEntry("word/document.xml") is not null)
            {
                return Docx;
            }
            if (zip.GetEntry("xl/workbook.xml") is not null)
            {
                return Xlsx;
            }
            if (zip.GetEntry("ppt/presentation.xml") is not null)
            {
                return Pptx;
            }
            return null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>A file name safe to show and to send back in Content-Disposition: no folders, no control characters.</summary>
    public static string SafeFileName(string? name, FileKind kind)
    {
        var baseName = Path.GetFileName((name ?? "").Replace('\\', '/'));
        var cleaned = new string(baseName.Where(c => !char.IsControl(c) && c is not ('/' or ':' or '*' or '?' or '"' or '<' or '>' or '|')).ToArray()).Trim().Trim('.');
        if (cleaned.Length == 0)
        {
            cleaned = "文件";
        }
        if (cleaned.Length > 120)
        {
            cleaned = cleaned[..120];
        }
        return Path.GetExtension(cleaned).Equals(kind.Extension, StringComparison.OrdinalIgnoreCase)
            || (kind == Jpeg && Path.GetExtension(cleaned).Equals(".jpeg", StringComparison.OrdinalIgnoreCase))
            ? cleaned
            : cleaned + kind.Extension;
    }
}
