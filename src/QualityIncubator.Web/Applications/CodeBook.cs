using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.Applications;

/// <summary>The active code lists: options for the form, valid codes for the rules, labels for display.</summary>
/// <remarks>
/// The lists are reference data: the site seeds them at start-up (<see cref="CodeLists.EnsureSeededAsync"/>) and nothing in the
/// product edits them, so one read serves every request of a database for <see cref="CacheFor"/>. A change made in the database
/// directly reaches every instance within that time.
/// </remarks>
public sealed class CodeBook
{
    /// <summary>How long a loaded code book serves requests before the lists are read again.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);

    // keyed by connection string: one process may serve (or test) several databases
    private static readonly MemoryCache Cache = new(new MemoryCacheOptions());

    private readonly Dictionary<string, List<CodeItem>> _lists;

    // every list's items by code: the lists show a label per row and per column (the application list: three per row)
    private readonly Dictionary<(string List, string Code), CodeItem> _byCode = [];

    private CodeBook(List<CodeItem> items)
    {
        _lists = items.GroupBy(i => i.List).ToDictionary(g => g.Key, g => g.OrderBy(i => i.SortOrder).ToList());
        foreach (var item in _lists.Values.SelectMany(l => l))
        {
            // the first in the list's order, as a search of the list would find
            _byCode.TryAdd((item.List, item.Code), item);
        }
    }

    public static async Task<CodeBook> LoadAsync(AppDbContext db, CancellationToken ct = default)
    {
        var key = db.Database.GetConnectionString() ?? "";
        if (Cache.TryGetValue(key, out CodeBook? cached) && cached is not null)
        {
            return cached;
        }
        var book = new CodeBook(await db.CodeItems.AsNoTracking().Where(c => c.IsActive).ToListAsync(ct));
        // an empty book (a database not yet seeded) is not kept
        return book._lists.Count == 0 ? book : Cache.Set(key, book, CacheFor);
    }

    /// <summary>Forgets the loaded lists of every database (after the seed added entries).</summary>
    public static void Forget() => Cache.Clear();

    public IReadOnlyList<CodeItem> Items(string list) => _lists.TryGetValue(list, out var items) ? items : [];

    public string? Label(string list, string? code) =>
        code is null ? null : _byCode.TryGetValue((list, code), out var item) ? item.Label : code;

    public string? Group(string list, string? code) => code is null ? null : _byCode.GetValueOrDefault((list, code))?.Group;

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
