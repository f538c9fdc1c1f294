using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.Applications;

/// <summary>An entry of an editable code list (经济类型, 行业门类, 镇街, 重点产业, 管理体系认证), seeded and changeable by the Office.</summary>
public sealed class CodeItem : Entity, IAudited
{
    public string List { get; set; } = "";
    public string Code { get; set; } = "";
    public string Label { get; set; } = "";

    /// <summary>A grouping within the list: 街道/镇/开发区, 制造业/服务业, 上海“3+6”/松江“6+X”.</summary>
    public string? Group { get; set; }

    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;
}

internal sealed class CodeItemConfiguration : IEntityTypeConfiguration<CodeItem>
{
    public void Configure(EntityTypeBuilder<CodeItem> builder)
    {
        builder.Property(c => c.List).HasMaxLength(32);
        builder.Property(c => c.Code).HasMaxLength(32);
        builder.Property(c => c.Label).HasMaxLength(100);
        builder.Property(c => c.Group).HasMaxLength(50);
        builder.HasIndex(c => new { c.List, c.Code }).IsUnique();
    }
}

/// <summary>The code lists and their seed values (domain-facts.md).</summary>
public static class CodeLists
{
    public const string EconomicType = "EconomicType";
    public const string Industry = "Industry";
    public const string District = "District";
    public const string PriorityIndustry = "PriorityIndustry";
    public const string Certification = "Certification";
    public const string CourseTopic = "CourseTopic";

    public const string OtherDistrict = "OTHER";
    public const string OtherCertification = "OTHER";

    /// <summary>GB/T 4754 sections (门类): code letter and label.</summary>
    public static readonly IReadOnlyList<(string Code, string Label)> IndustrySections =
    [
        ("A", "农、林、牧、渔业"), ("B", "采矿业"), ("C", "制造业"), ("D", "电力、热力、燃气及水生产和供应业"), ("E", "建筑业"),
        ("F", "批发和零售业"), ("G", "交通运输、仓储和邮政业"), ("H", "住宿和餐饮业"), ("I", "信息传输、软件和信息技术服务业"),
        ("J", "金融业"), ("K", "房地产业"), ("L", "租赁和商务服务业"), ("M", "科学研究和技术服务业"), ("N", "水利、环境和公共设施管理业"),
        ("O", "居民服务、修理和其他服务业"), ("P", "教育"), ("Q", "卫生和社会工作"), ("R", "文化、体育和娱乐业"),
        ("S", "公共管理、社会保障和社会组织"), ("T", "国际组织"),
    ];

    /// <summary>Appendix B 专项课程培育需求 (at most three), which the electives of 4.5.4 answer.</summary>
    public static readonly IReadOnlyList<(string Code, string Label)> CourseTopics =
    [
        ("DIGITAL", "数字化转型管理"), ("LEAN", "精益管理"), ("SIXSIGMA", "六西格玛专题课程"), ("5S", "5S现场管理"),
        ("QC", "QC小组专题课程"), ("KEYPRODUCT", "重点产品质量攻关"), ("OTHER", "其他"),
    ];

    public static string CourseTopicLabel(string? code) => CourseTopics.FirstOrDefault(t => t.Code == code).Label ?? code ?? "";

    public static IEnumerable<CodeItem> Seed()
    {
        var order = 0;
        CodeItem Item(string list, string code, string label, string? group = null) =>
            new() { List = list, Code = code, Label = label, Group = group, SortOrder = ++order };

        string[] economic = ["国有", "集体", "股份合作", "联营", "有限责任公司", "股份有限公司", "私营", "港澳台商投资", "外商投资", "其他"];
        for (var i = 0; i < economic.Length; i++)
        {
            yield return Item(EconomicType, $"E{i + 1:00}", economic[i]);
        }

        foreach (var (code, label) in IndustrySections)
        {
            // Appendix B's 行业类别: C → 制造业, the rest → 服务业.
            yield return Item(Industry, code, label, code == "C" ? "制造业" : "服务业");
        }

        foreach (var s in new[] { "岳阳", "永丰", "方松", "中山", "广富林", "九里亭" })
        {
            yield return Item(District, "S-" + s, s + "街道", "街道");
        }
        foreach (var t in new[] { "泗泾", "佘山", "车墩", "新桥", "洞泾", "九亭", "泖港", "石湖荡", "新浜", "叶榭", "小昆山" })
        {
            yield return Item(District, "T-" + t, t + "镇", "镇");
        }
        foreach (var (code, label) in new[] { ("Z-ETDZ", "松江经济技术开发区（松江工业区）"), ("Z-SHESHAN", "佘山国家旅游度假区"), ("Z-BONDED", "松江综合保税区"), ("Z-CAOHEJING", "漕河泾开发区松江园区") })
        {
            yield return Item(District, code, label, "开发区");
        }
        yield return Item(District, OtherDistrict, "其他", "其他");

        // Note to 4.4.4.3: Shanghai "3+6" and Songjiang "6+X".
        foreach (var (code, label) in new[] { ("SH-IC", "集成电路"), ("SH-BIO", "生物医药"), ("SH-AI", "人工智能"), ("SH-EI", "电子信息"), ("SH-LH", "生命健康"), ("SH-AUTO", "汽车"), ("SH-HEE", "高端装备"), ("SH-AM", "先进材料"), ("SH-FC", "时尚消费品") })
        {
            yield return Item(PriorityIndustry, code, label, "上海“3+6”");
        }
        foreach (var (code, label) in new[] { ("SJ-AI", "人工智能"), ("SJ-IC", "集成电路"), ("SJ-BIO", "生物医药"), ("SJ-SEC", "智慧安防"), ("SJ-NE", "新能源"), ("SJ-NM", "新材料"), ("SJ-EP", "节能环保") })
        {
            yield return Item(PriorityIndustry, code, label, "松江“6+X”");
        }

        foreach (var (code, label) in new[] { ("ISO9001", "ISO 9001 质量管理体系"), ("ISO14001", "ISO 14001 环境管理体系"), ("ISO45001", "ISO 45001 职业健康安全管理体系"), ("IATF16949", "IATF 16949 汽车质量管理体系"), ("ISO13485", "ISO 13485 医疗器械质量管理体系"), ("ISO27001", "ISO/IEC 27001 信息安全管理体系"), (OtherCertification, "其他") })
        {
            yield return Item(Certification, code, label);
        }

        foreach (var (code, label) in CourseTopics)
        {
            yield return Item(CourseTopic, code, label);
        }
    }

    /// <summary>Adds the seed entries that are missing (never overwrites the Office's edits).</summary>
    public static async Task EnsureSeededAsync(AppDbContext db, CancellationToken ct = default)
    {
        var existing = (await db.CodeItems.Select(c => new { c.List, c.Code }).ToListAsync(ct)).Select(c => (c.List, c.Code)).ToHashSet();
        var missing = Seed().Where(s => !existing.Contains((s.List, s.Code))).ToList();
        if (missing.Count > 0)
        {
            db.CodeItems.AddRange(missing);
            await db.SaveChangesAsync(ct);
            CodeBook.Forget();
        }
    }
}
