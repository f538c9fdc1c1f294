using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;

namespace QualityIncubator.Web.Experts;

/// <summary>The programme pledge of 4.2.3 (廉洁自律、公正、保密、回避): its text, its version, and whether an expert has signed it.</summary>
public static class Pledge
{
    public const string Version = "2026-1";

    public static readonly string[] Text =
    [
        "一、廉洁自律：不收受申报组织的任何礼品、礼金、有价证券或其他利益，不参加可能影响公正的宴请和活动。",
        "二、公正：依据 GB/T 19580《卓越绩效评价准则》和 DB31117/Z 018-2022《政府质量奖培育孵化指南》独立、客观地开展授课、评价和现场扶优，不受任何组织或个人干扰。",
        "三、保密：严守秘密，不泄露申报组织的任何资料、评价意见和评价项目的相关信息，不复制、不留存、不向第三方提供平台中的材料。",
        "四、回避：与申报组织存在任职、投资、亲属、咨询服务等利益关系的，主动申报并回避；在任务中发现利益关系的，立即申请回避。",
        "本人已阅读并承诺遵守以上要求，如有违反，愿接受区评审办的处理，包括暂停或移出专家库。",
    ];

    public static string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Version + "\n" + string.Join("\n", Text))));

    public static Task<bool> IsSignedAsync(AppDbContext db, Guid expertId, Guid programmeId, CancellationToken ct = default) =>
        db.ExpertPledges.AnyAsync(p => p.ExpertId == expertId && p.ProgrammeId == programmeId && p.TextVersion == Version, ct);
}
