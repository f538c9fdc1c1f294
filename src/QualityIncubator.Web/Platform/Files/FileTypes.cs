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

    /// <summary>At most this many parts in a .docx/.xlsx/.pptx package (real documents have tens to a few hundred).</summary>
    public const int MaxPackageEntries = 2000;

    /// <summary>At most this many bytes in a package once unpacked (a 20 MB upload of real documents stays far below it); a zip bomb is refused before any parser opens it.</summary>
    public const long MaxPackageBytes = 200L * 1024 * 1024;

    /// <summary>What <see cref="Inspect"/> found: the kind, or the Chinese reason the content is refused.</summary>
    public sealed record Inspection(FileKind? Kind, string? Refusal);

    public const string UnsupportedMessage = "不支持的文件类型：只接受 PDF、Word（.docx）、Excel（.xlsx）、PowerPoint（.pptx）、JPG 和 PNG 文件（按文件内容判断，而非文件名）";
    public const string BrokenPackageMessage = "文件已损坏或不是有效的 Office 文档（.docx/.xlsx/.pptx），请用 Office 或 WPS 重新保存后再上传";
    public const string PackageTooLargeMessage = "文件解压后过大或包含的部件过多（疑似压缩炸弹），已拒绝；请确认文件来源，或用 Office 或 WPS 重新保存后再上传";

    /// <summary>The kind of a seekable stream's content, or null when it is none of the allowed kinds. Leaves the stream at position 0.</summary>
    public static FileKind? Detect(Stream content) => Inspect(content).Kind;

    /// <summary>The kind of a seekable stream's content, or the Chinese refusal (unknown type, broken or oversized package). Leaves the stream at position 0.</summary>
    public static Inspection Inspect(Stream content)
    {
        content.Position = 0;
        Span<byte> head = stackalloc byte[8];
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        content.Position = 0;
        head = head[..read];
        if (head.StartsWith("%PDF-"u8))
        {
            return new(Pdf, null);
        }
        if (head.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }))
        {
            return new(Jpeg, null);
        }
        if (head.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            return new(Png, null);
        }
        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            var inspection = InspectOfficePackage(content);
            content.Position = 0;
            return inspection;
        }
        return new(null, UnsupportedMessage);
    }

    /// <summary>
    /// A zip is only a .docx, .xlsx or .pptx when its package parts say so: the main part is there and [Content_Types].xml declares it.
    /// Before that, the package's size is bounded: at most <see cref="MaxPackageEntries"/> parts and <see cref="MaxPackageBytes"/> unpacked,
    /// counted by really unpacking (declared sizes can lie), so a zip bomb never reaches a parser.
    /// </summary>
    private static Inspection InspectOfficePackage(Stream content)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > MaxPackageEntries)
            {
                return new(null, PackageTooLargeMessage);
            }
            long declared = 0;
            foreach (var entry in zip.Entries)
            {
                declared += entry.Length;
                if (declared > MaxPackageBytes || entry.FullName.Split('/', '\\').Contains(".."))
                {
                    return new(null, declared > MaxPackageBytes ? PackageTooLargeMessage : BrokenPackageMessage);
                }
            }
            var types = zip.GetEntry("[Content_Types].xml");
            if (types is null)
            {
                return new(null, UnsupportedMessage);
            }
            var (kind, mainContentType) = zip.GetEntry("word/document.xml") is not null ? (Docx, "wordprocessingml.document.main+xml")
                : zip.GetEntry("xl/workbook.xml") is not null ? (Xlsx, "spreadsheetml.sheet.main+xml")
                : zip.GetEntry("ppt/presentation.xml") is not null ? (Pptx, "presentationml.presentation.main+xml")
                : (null, "");
            if (kind is null)
            {
                return new(null, UnsupportedMessage);
            }
            // really unpack every part, with one budget for all: a part that inflates beyond its declared size stops here
            var buffer = new byte[81920];
            long budget = MaxPackageBytes;
            foreach (var entry in zip.Entries)
            {
                using var part = entry.Open();
                int n;
                while ((n = part.Read(buffer, 0, buffer.Length)) > 0)
                {
                    budget -= n;
                    if (budget < 0)
                    {
                        return new(null, PackageTooLargeMessage);
                    }
                }
            }
            return DeclaresMainPart(types, mainContentType) ? new(kind, null) : new(null, BrokenPackageMessage);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException or ArgumentException or System.Xml.XmlException)
        {
            return new(null, BrokenPackageMessage);
        }
    }

    // [Content_Types].xml is well-formed XML (no DTD) and declares the package's main part, e.g. "…spreadsheetml.sheet.main+xml"
    private static bool DeclaresMainPart(ZipArchiveEntry types, string mainContentType)
    {
        using var stream = types.Open();
        using var reader = System.Xml.XmlReader.Create(stream, new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null });
        var declared = false;
        while (reader.Read())
        {
            if (reader.NodeType == System.Xml.XmlNodeType.Element && reader.LocalName == "Override"
                && reader.GetAttribute("ContentType")?.EndsWith(mainContentType, StringComparison.Ordinal) == true)
            {
                declared = true;
            }
        }
        return declared;
    }

    /// <summary>A file name safe to show and to send back in Content-Disposition: no folders, no control characters.</summary>
    public static string SafeFileName(string? name, FileKind kind)
    {
        var baseName = Path.GetFileName((name ?? "").Replace('\\', '/'));
        // control characters, bidi overrides (which can show "exe.pdf" as "fdp.exe") and other invisible format characters go
        var cleaned = new string(baseName.Where(c => !char.IsControl(c) && !char.IsSurrogate(c) && !Web.TextInput.IsRefused(c)
            && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format
            && c is not ('/' or ':' or '*' or '?' or '"' or '<' or '>' or '|')).ToArray()).Trim().Trim('.').Trim();
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
