using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.Applications;

/// <summary>The active code lists, loaded once per request: options for the form, valid codes for the rules, labels for display.</summary>
public sealed class CodeBook
{
    private readonly Dictionary<string, List<CodeItem>> _lists;

    private CodeBook(List<CodeItem> items) =>
        _lists = items.GroupBy(i => i.List).ToDictionary(g => g.Key, g => g.OrderBy(i => i.SortOrder).ToList());

    public static async Task<CodeBook> LoadAsync(AppDbContext db, CancellationToken ct = default) =>
        new(await db.CodeItems.AsNoTracking().Where(c => c.IsActive).ToListAsync(ct));

    public IReadOnlyList<CodeItem> Items(string list) => _lists.TryGetValue(list, out var items) ? items : [];

    public string? Label(string list, string? code) =>
        code is null ? null : Items(list).FirstOrDefault(i => i.Code == code)?.Label ?? code;

    public string? Group(string list, string? code) => code is null ? null : Items(list).FirstOrDefault(i => i.Code == code)?.Group;

    public CodeSets Sets() => new(Set(CodeLists.EconomicType), Set(CodeLists.Industry), Set(CodeLists.District), Set(CodeLists.PriorityIndustry), Set(CodeLists.Certification));

    private HashSet<string> Set(string list) => [.. Items(list).Select(i => i.Code)];

    /// <summary>"C 制造业（精密机械）"</summary>
    public string? IndustryText(string? code, string? detail) =>
        code is null ? null : $"{code} {Label(CodeLists.Industry, code)}" + (string.IsNullOrWhiteSpace(detail) ? "" : $"（{detail}）");

    public string? DistrictText(string? code, string? other) =>
        code == CodeLists.OtherDistrict ? $"其他：{other}" : Label(CodeLists.District, code);

    public string CertificationText(ApplicationCertification c) =>
        (c.StandardCode == CodeLists.OtherCertification ? c.OtherName ?? "其他" : Label(CodeLists.Certification, c.StandardCode))
        + (c.CertificateNumber is null ? "" : $"（证书编号 {c.CertificateNumber}")
        + (c.ExpiresOn is null ? (c.CertificateNumber is null ? "" : "）") : $"{(c.CertificateNumber is null ? "（" : "，")}有效期至 {c.ExpiresOn:yyyy-MM-dd}）");
}
