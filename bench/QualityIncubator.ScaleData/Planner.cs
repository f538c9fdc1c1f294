using System.Globalization;
using QualityIncubator.Web.Applications;
using QualityIncubator.Web.Assessment;
using QualityIncubator.Web.Courses;
using QualityIncubator.Web.Experts;
using QualityIncubator.Web.Platform.Workflow;
using QualityIncubator.Web.Pool;
using QualityIncubator.Web.Showcase;

namespace QualityIncubator.ScaleData;

/// <summary>
/// Decides the whole data set before anything is written: a pure function of the size, the seed and the as-of date. Each concern draws from
/// its own seeded generator. The product's rules make the decisions a person would make with the product: eligibility (4.1.2), the scores'
/// consensus proposal (4.4.2.1), the pool ranking (4.4.4.1), the exit text (4.4.4.3). Counts the size promises are met by quotas at the end.
/// </summary>
internal sealed class Planner(ScaleSize size, int seed, DateOnly asOf)
{
    private const string CreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <summary>What the generator could not meet exactly (reported, never silent).</summary>
    public List<string> Warnings { get; } = [];

    private static readonly Dictionary<string, string> CertificationLabels =
        CodeLists.Seed().Where(c => c.List == CodeLists.Certification).ToDictionary(c => c.Code, c => c.Label, StringComparer.Ordinal);

    private static readonly Dictionary<string, string> PriorityLabels =
        CodeLists.Seed().Where(c => c.List == CodeLists.PriorityIndustry).ToDictionary(c => c.Code, c => c.Label, StringComparer.Ordinal);

    public ScalePlan Build()
    {
        var office = new List<PlannedOffice>
        {
            new("admin", "区评审办管理员", "admin@example.invalid"),
            new("office1", "区评审办·沈敏", "office1@example.invalid"),
            new("office2", "区评审办·陆晓峰", "office2@example.invalid"),
            new("office3", "区评审办·顾佳怡", "office3@example.invalid"),
        };
        var programmes = Programmes(office);
        var orgRng = Rng.For(seed, "organizations");
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var p in programmes)
        {
            for (var i = 0; i < OrganizationCount(p.Index, programmes.Count); i++)
            {
                p.Orgs.Add(NewOrganization(orgRng, p, ++index, codes, names));
            }
        }
        var all = programmes.SelectMany(p => p.Orgs).ToList();
        var experts = Experts(Rng.For(seed, "experts"), all, programmes);

        var pathRng = Rng.For(seed, "paths");
        foreach (var org in all)
        {
            PlanApplicationToSelfEvaluation(pathRng, org);
        }
        AssignReviewerCounts(Rng.For(seed, "reviewer-counts"), all);
        var reviewRng = Rng.For(seed, "reviews");
        foreach (var org in all)
        {
            PlanReviewsAndAnalysis(reviewRng, org);
        }
        var laterRng = Rng.For(seed, "pool-and-after");
        foreach (var p in programmes)
        {
            PlanPool(p);
            foreach (var org in p.Orgs.Where(o => o.InPool))
            {
                PlanPoolMember(laterRng, org);
            }
        }
        var courseRng = Rng.For(seed, "courses");
        foreach (var p in programmes)
        {
            PlanCourses(courseRng, p);
            PlanExchanges(courseRng, p);
        }
        QuotaAttendance(Rng.For(seed, "attendance-quota"), programmes);
        QuotaForms(Rng.For(seed, "form-quota"), programmes);
        QuotaFiles(programmes);
        return new ScalePlan
        {
            Programmes = programmes, Experts = experts, Office = office,
            PoolCreatedAt = programmes.Min(p => p.At(Calendar.Setup)).AddDays(-40),
        };
    }

    // ---------- programmes ----------

    private List<PlannedProgramme> Programmes(IReadOnlyList<PlannedOffice> office)
    {
        var first = asOf.AddDays(-250);
        var list = new List<PlannedProgramme>();
        foreach (var slot in size.Programmes)
        {
            var start = first.AddDays(55 * slot.Cohort).AddYears(-slot.YearsBack);
            list.Add(new PlannedProgramme
            {
                Index = list.Count, Slot = slot, Start = start,
                Title = string.Create(CultureInfo.InvariantCulture, $"{start.Year}年度松江区政府质量奖培育孵化计划（第{slot.Cohort + 1}批）"),
                AsOfDay = asOf.DayNumber - start.DayNumber,
                Officer = office[1 + list.Count % (office.Count - 1)],
            });
        }
        if (list[0].Slot != new ProgrammeSlot(0, 0))
        {
            throw new InvalidOperationException("the first programme of a size must be the current year's cohort 0 (the largest)");
        }
        return list;
    }

    private int OrganizationCount(int programmeIndex, int programmes)
    {
        if (programmeIndex == 0 || programmes == 1)
        {
            return programmes == 1 ? size.Organizations : size.LargestProgrammeOrganizations;
        }
        var rest = size.Organizations - size.LargestProgrammeOrganizations;
        return rest / (programmes - 1) + (programmeIndex - 1 < rest % (programmes - 1) ? 1 : 0);
    }

    // ---------- organizations and Appendix A ----------

    private static readonly string[] EconomicTypes = ["E07", "E05", "E06", "E09", "E08", "E01", "E02", "E03", "E04", "E10"];
    private static readonly double[] EconomicWeights = [40, 25, 12, 8, 5, 4, 2, 1, 1, 2];

    private static readonly string[] ManufacturingPriorities = ["SH-IC", "SH-BIO", "SH-EI", "SH-AUTO", "SH-HEE", "SH-AM", "SH-FC", "SJ-IC", "SJ-BIO", "SJ-SEC", "SJ-NE", "SJ-NM", "SJ-EP"];
    private static readonly string[] ItPriorities = ["SH-AI", "SH-EI", "SJ-AI", "SJ-SEC"];
    private static readonly string[] ResearchPriorities = ["SH-LH", "SJ-EP", "SJ-NM"];

    private static readonly (string Name, HonourLevel Level)[] HonourNames =
    [
        ("松江区质量管理优秀奖", HonourLevel.District), ("松江区质量标杆企业", HonourLevel.District), ("上海市专精特新中小企业", HonourLevel.City),
        ("上海市品牌引领示范企业", HonourLevel.City), ("上海市高新技术企业", HonourLevel.City), ("上海市QC小组活动优秀企业", HonourLevel.City),
        ("全国质量信得过班组", HonourLevel.National), ("国家级专精特新“小巨人”企业", HonourLevel.National), ("上海市名牌产品", HonourLevel.Provincial),
    ];

    private PlannedOrg NewOrganization(Rng rng, PlannedProgramme p, int index, HashSet<string> codes, HashSet<string> names)
    {
        var industry = rng.Weighted(Texts.IndustryMix);
        string name;
        var attempts = 0;
        do
        {
            name = Texts.CompanyName(rng, industry);
            if (++attempts > 40)
            {
                name = name.Replace("有限公司", string.Create(CultureInfo.InvariantCulture, $"第{index}分公司"), StringComparison.Ordinal);
            }
        }
        while (!names.Add(name));
        string code;
        do
        {
            var body = new char[9];
            for (var i = 0; i < body.Length; i++)
            {
                body[i] = CreditAlphabet[rng.Next(CreditAlphabet.Length)];
            }
            code = CreditCode.WithCheckCharacter("91310117" + new string(body));
        }
        while (!codes.Add(code));

        var reference = p.DateAt(Calendar.CallCloses);
        var applyDay = rng.Between(1.5, 29.5);
        var submitted = p.DateAt(applyDay);
        var district = rng.Chance(0.015) ? CodeLists.OtherDistrict : rng.Weighted(Texts.DistrictMix);
        var road = district == CodeLists.OtherDistrict ? rng.Pick(Texts.Roads["T-车墩"]) : rng.Pick(Texts.Roads[district]);
        var place = district.StartsWith('Z') || district == CodeLists.OtherDistrict ? "" : Texts.TownLabel(district);
        var address = rng.Chance(0.012)
            ? string.Create(CultureInfo.InvariantCulture, $"上海市闵行区莘庄工业区{rng.Pick(new[] { "春东路", "光华路", "申富路" })}{rng.Between(1, 999)}号")
            : string.Create(CultureInfo.InvariantCulture, $"上海市松江区{place}{road}{rng.Between(1, 2999)}号");
        var established = rng.Chance(0.02)
            ? reference.AddDays(-rng.Between(120, 600))
            : reference.AddDays(-rng.Between(2 * 366 + 10, 35 * 365));
        var employees = (int)Math.Clamp(Math.Exp(rng.Normal(5.0, 1.0)), 20, 20000);
        var revenue = decimal.Round((decimal)(employees * rng.Between(40.0, 150.0)), 2);
        var words = Texts.IndustryWords.TryGetValue(industry, out var w) ? w : ["服务"];
        var word = words.FirstOrDefault(x => name.Contains(x, StringComparison.Ordinal)) ?? rng.Pick(words);
        string? priority = industry switch
        {
            "C" when rng.Chance(0.4) => rng.Pick(ManufacturingPriorities),
            "I" when rng.Chance(0.5) => rng.Pick(ItPriorities),
            "M" when rng.Chance(0.3) => rng.Pick(ResearchPriorities),
            _ => null,
        };
        var certifications = new List<CertificationInput>();
        if (rng.Chance(0.92))
        {
            void Add(string standard, string number)
            {
                var expires = rng.Chance(0.04) ? reference.AddDays(-rng.Between(10, 300)) : reference.AddDays(rng.Between(60, 1000));
                certifications.Add(new CertificationInput { StandardCode = standard, CertificateNumber = number, ExpiresOn = expires });
            }
            Add("ISO9001", $"{rng.Digits(5)}Q{rng.Digits(5)}R{rng.Between(0, 3)}M");
            if (rng.Chance(0.3)) { Add("ISO14001", $"{rng.Digits(5)}E{rng.Digits(5)}R{rng.Between(0, 3)}M"); }
            if (rng.Chance(0.2)) { Add("ISO45001", $"{rng.Digits(5)}S{rng.Digits(5)}R{rng.Between(0, 3)}M"); }
            if (word.Contains("汽车", StringComparison.Ordinal) && rng.Chance(0.6)) { Add("IATF16949", $"IATF 0{rng.Digits(6)}"); }
            if ((word.Contains("医疗", StringComparison.Ordinal) || word.Contains("生物", StringComparison.Ordinal)) && rng.Chance(0.5)) { Add("ISO13485", $"MD {rng.Digits(6)}"); }
            if (industry == "I" && rng.Chance(0.5)) { Add("ISO27001", $"{rng.Digits(5)}IS{rng.Digits(5)}R{rng.Between(0, 2)}M"); }
        }
        var honours = new List<HonourInput>();
        var honourCount = rng.Chance(0.3) ? rng.Chance(0.25) ? 2 : 1 : 0;
        foreach (var (honour, level) in rng.Sample(HonourNames, honourCount))
        {
            honours.Add(new HonourInput { Name = honour, Level = level, Year = submitted.Year - rng.Between(0, 3) });
        }
        var contact = Texts.PersonName(rng);
        var form = new ApplicationInput
        {
            OrganizationName = name, CreditCode = code, LegalRepresentative = Texts.PersonName(rng), Address = address, Phone = Texts.Landline(rng),
            ContactName = contact, ContactDepartment = rng.Pick(Texts.Departments), ContactPhone = Texts.Mobile(rng),
            ContactEmail = string.Create(CultureInfo.InvariantCulture, $"{Texts.Pinyinish(rng, index)}@company{index}.invalid"),
            EstablishedOn = established, EconomicTypeCode = EconomicTypes[PickIndex(rng, EconomicWeights)],
            IndustryCode = industry, IndustryDetail = rng.Chance(0.7) ? word : null,
            TotalAssets = decimal.Round(revenue * (decimal)rng.Between(0.6, 2.0), 2), LastYearRevenue = revenue,
            LastYearTax = decimal.Round(revenue * (decimal)rng.Between(0.02, 0.08), 2),
            LastYearNetProfit = decimal.Round(revenue * (decimal)rng.Normal(0.06, 0.06), 2),
            EmployeeCount = employees, RdStaffCount = (int)Math.Round(employees * rng.Between(0.03, 0.3)),
            DistrictCode = district, DistrictOther = district == CodeLists.OtherDistrict ? "松江区内，注册地址迁移中待核实" : null,
            HasMajorAccident = rng.Chance(0.01), HasMajorComplaintOrDishonesty = rng.Chance(0.01), HasViolationThisYear = rng.Chance(0.02),
            HasKpiSystem = rng.Chance(0.88), PriorityIndustryCode = priority, Certifications = certifications, Honours = honours,
        };
        var quality = Math.Clamp(rng.Normal(42, 12) + certifications.Count * 2 + honours.Count * 3, 8, 88);
        return new PlannedOrg
        {
            Index = index, Programme = p, Name = name, CreditCode = code, Form = form, Quality = quality,
            UserName = string.Create(CultureInfo.InvariantCulture, $"org{index:00000}"), UserDisplayName = contact,
            RegisterDay = applyDay - rng.Between(0.2, 5), ApplyDay = applyDay,
        };
    }

    /// <summary>
    /// Appendix A forms on their own, for the micro-benchmarks: organizations made exactly as the data set makes them (unique names, valid
    /// GB 32100 credit codes, figures and declarations), for a call that closes on the as-of date. <paramref name="keep"/> can leave some out.
    /// </summary>
    internal List<ApplicationInput> Forms(int count, Func<ApplicationInput, bool>? keep = null)
    {
        var call = new PlannedProgramme
        {
            Index = 0, Slot = new ProgrammeSlot(0, 0), Start = asOf.AddDays(-(int)Calendar.CallCloses), Title = "micro-benchmark call",
            AsOfDay = Calendar.CallCloses, Officer = new PlannedOffice("admin", "区评审办管理员", "admin@example.invalid"),
        };
        var rng = Rng.For(seed, "forms");
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var forms = new List<ApplicationInput>(count);
        var index = 0;
        while (forms.Count < count)
        {
            var form = NewOrganization(rng, call, ++index, codes, names).Form;
            if (keep is null || keep(form))
            {
                forms.Add(form);
            }
        }
        return forms;
    }

    private static int PickIndex(Rng rng, double[] weights) => rng.Weighted([.. weights.Select((w, i) => (i, w))]);

    // ---------- experts (4.2) ----------

    private List<PlannedExpert> Experts(Rng rng, List<PlannedOrg> orgs, List<PlannedProgramme> programmes)
    {
        var experts = new List<PlannedExpert>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var byIndustry = orgs.ToLookup(o => o.Form.IndustryCode!);
        var current = programmes.Where(p => p.Slot.YearsBack == 0).ToList();
        for (var i = 1; i <= size.Experts; i++)
        {
            string name;
            do
            {
                name = Texts.PersonName(rng);
            }
            while (!names.Add(name));
            var atOrganization = rng.Chance(0.08) ? rng.Pick(orgs) : null;
            var industries = new List<string>();
            var wanted = rng.Between(1, 3);
            while (industries.Count < wanted)
            {
                var industry = rng.Weighted(Texts.IndustryMix);
                if (!industries.Contains(industry))
                {
                    industries.Add(industry);
                }
            }
            var reviewer = rng.Chance(0.85);
            var coach = rng.Chance(0.5);
            var lecturer = rng.Chance(0.2) || (!reviewer && !coach);
            var expert = new PlannedExpert
            {
                Index = i, Name = name, UserName = string.Create(CultureInfo.InvariantCulture, $"expert{i:0000}"),
                Employer = atOrganization?.Name ?? rng.Pick(Texts.ExpertEmployers), EmployerCreditCode = atOrganization?.CreditCode,
                Title = rng.Pick(Texts.ExpertTitles), Mobile = Texts.Mobile(rng),
                Email = string.Create(CultureInfo.InvariantCulture, $"expert{i:0000}@experts.invalid"),
                Industries = industries, Specialties = rng.Sample(Texts.Specialties, rng.Between(1, 3)),
                IsLecturer = lecturer, IsReportReviewer = reviewer, IsSiteCoach = coach,
                Status = rng.Weighted<ExpertStatus>([(ExpertStatus.Active, 95), (ExpertStatus.Suspended, 3), (ExpertStatus.Removed, 2)]),
                ExaminerCertificate = rng.Pick(new[] { "全国质量奖评审员", "上海市质量奖评审员", "卓越绩效自评师", "质量管理体系国家注册高级审核员" })
                    + string.Create(CultureInfo.InvariantCulture, $"（证书编号 QA{rng.Between(2008, 2024)}{rng.Digits(4)}）"),
                AwardReviewExperience = string.Create(CultureInfo.InvariantCulture,
                    $"参加{rng.Between(1, 12)}届上海市或区级政府质量奖评审，其中现场评审{rng.Between(1, 30)}次；熟悉GB/T 19580及GB/Z 19579。"),
                YearsOfExperience = rng.Between(5, 30),
            };
            // 4.2.3 回避: a former employer or an interest, mostly in the expert's own industries, declared by the expert or recorded by the Office
            var conflicts = rng.Between(1, 3);
            for (var c = 0; c < conflicts; c++)
            {
                var pool = byIndustry[rng.Pick(industries)].ToList();
                var org = pool.Count > 0 && rng.Chance(0.8) ? rng.Pick(pool) : rng.Pick(orgs);
                var byCode = rng.Chance(0.7);
                var kind = rng.Weighted<ConflictKind>([(ConflictKind.FormerEmployer, 45), (ConflictKind.Organization, 40), (ConflictKind.Other, 15)]);
                var to = kind == ConflictKind.FormerEmployer && rng.Chance(0.8) ? asOf.AddDays(-rng.Between(30, 6 * 365)) : (DateOnly?)null;
                expert.Conflicts.Add(new PlannedConflict(kind, byCode ? org.CreditCode : null, byCode && rng.Chance(0.5) ? null : org.Name,
                    kind == ConflictKind.FormerEmployer ? (to ?? asOf).AddDays(-rng.Between(365, 10 * 365)) : null, to,
                    kind switch
                    {
                        ConflictKind.Organization => rng.Pick(new[] { "曾为该组织提供管理咨询服务", "亲属在该组织担任高管", "持有该组织股份" }),
                        ConflictKind.Other => rng.Pick(new[] { "与该组织存在合作研究关系", "该组织为本人所在单位的主要客户", "曾担任该组织的外部培训讲师" }),
                        _ => null,
                    }, rng.Chance(0.2)));
            }
            // days the expert cannot serve, around the current year's review and coaching windows
            foreach (var p in current.Count > 0 ? rng.Sample(current, rng.Between(0, 2)) : [])
            {
                for (var d = rng.Between(0, 2); d > 0; d--)
                {
                    var day = p.Start.AddDays(rng.Between(61, 240));
                    if (!expert.Unavailable.Contains(day))
                    {
                        expert.Unavailable.Add(day);
                    }
                }
            }
            experts.Add(expert);
        }
        return experts;
    }

    // ---------- 4.1–4.4.1: application, eligibility, awareness, self-evaluation ----------

    private void PlanApplicationToSelfEvaluation(Rng rng, PlannedOrg org)
    {
        var p = org.Programme;
        org.Steps.Add(new PlannedStep(CaseState.Applied, org.ApplyDay, "提交申请书", org.UserActor));
        var facts = new EligibilityFacts(org.Form.EstablishedOn, org.Form.DistrictCode, org.Form.Address, org.Form.HasMajorAccident,
            org.Form.HasMajorComplaintOrDishonesty, org.Form.HasViolationThisYear, org.Form.HasKpiSystem,
            [.. org.Form.Certifications.Select(c => (CertificationLabels.GetValueOrDefault(c.StandardCode!, c.StandardCode!), c.ExpiresOn))]);
        org.Verdict = EligibilityRule.Evaluate(facts, p.DateAt(Calendar.CallCloses));
        org.DecideDay = rng.Between(31.2, 38.8);
        const string leadership = "经走访了解，组织主要领导重视质量工作，亲自推动质量管理体系建设，质量管理意识强。";
        switch (org.Verdict.Overall)
        {
            case CriterionStatus.Met:
                org.Decision = EligibilityDecision.Eligible;
                org.LeadershipJudgement = leadership;
                break;
            case CriterionStatus.NotMet:
                org.Decision = EligibilityDecision.Ineligible;
                break;
            case CriterionStatus.NeedsJudgement:
                var yes = rng.Chance(0.8);
                org.Decision = yes ? EligibilityDecision.Eligible : EligibilityDecision.Ineligible;
                org.DecisionReason = yes
                    ? "经现场核实，组织在松江区注册登记并正常运行，关键绩效考核体系有效运行，认定符合申报条件。"
                    : "经核实，组织质量管理体系未能有效运行，暂不符合申报条件，建议完善后再行申报。";
                org.LeadershipJudgement = yes ? leadership : null;
                break;
        }
        var label = ApplicationLabels.Decision(org.Decision);
        var caseReason = $"资格审查：{org.Verdict.Summary}；区评审办结论：{label}" + (org.DecisionReason is null ? "" : $"（{org.DecisionReason}）");
        org.Steps.Add(new PlannedStep(org.Decision == EligibilityDecision.Eligible ? CaseState.Eligible : CaseState.Ineligible, org.DecideDay, caseReason, p.Officer.Actor));
        if (org.Decision != EligibilityDecision.Eligible)
        {
            return;
        }

        // 4.3 awareness: every eligible organization starts on the day the Office opens the stage, studies the three courses, then decides
        org.Steps.Add(new PlannedStep(CaseState.Awareness, Calendar.AwarenessStart, null, p.Officer.Actor));
        var withdraws = rng.Chance(0.08);
        var studied = withdraws ? rng.Between(0, 2) : 3;
        org.StudyDays = [.. Enumerable.Range(0, 3).Select(i => i < studied ? (double?)rng.Between(39.5, 56) : null)];
        var decideDay = Math.Max(rng.Between(45, 60), (org.StudyDays.Max() ?? 44) + 0.2);
        if (withdraws)
        {
            org.Steps.Add(new PlannedStep(CaseState.Withdrawn, decideDay, rng.Pick(Texts.WithdrawReasons), org.UserActor));
            return;
        }
        org.Steps.Add(new PlannedStep(CaseState.Continuing, decideDay, null, org.UserActor));

        // 4.4.1 self-evaluation: Appendix B answered from the organization's profile; a few withdraw instead
        org.AppendixB = AppendixBAnswers(rng, org);
        if (rng.Chance(0.25))
        {
            org.ReportSections = Web.Assessment.Gb19580.Categories.ToDictionary(c => c.Code, c => (string?)SectionText(rng, org, c), StringComparer.Ordinal);
        }
        if (rng.Chance(0.03))
        {
            var day = rng.Between(62, 95);
            if (rng.Chance(0.5))
            {
                org.BaselineStartDay = Math.Max(61.2, day - rng.Between(2, 8));
            }
            org.Steps.Add(new PlannedStep(CaseState.Withdrawn, day, "退出：" + rng.Pick(Texts.WithdrawReasons), org.UserActor));
            return;
        }
        org.BaselineSubmitDay = rng.Between(62, 95);
        org.BaselineStartDay = Math.Max(61.2, org.BaselineSubmitDay.Value - rng.Between(2, 14));
        org.Steps.Add(new PlannedStep(CaseState.SelfEvaluated, org.BaselineSubmitDay.Value, null, org.UserActor));
        org.AssignDay = org.BaselineSubmitDay + rng.Between(1, 3);
    }

    private static Dictionary<string, string?> AppendixBAnswers(Rng rng, PlannedOrg org)
    {
        var f = org.Form;
        var q = org.Quality / 100.0;
        string YesNo(double p) => rng.Chance(Math.Clamp(p, 0.02, 0.98)) ? AppendixB.Yes : AppendixB.No;
        var employees = f.EmployeeCount ?? 0;
        var needs = rng.Sample(CodeLists.CourseTopics.Select(t => t.Code).ToList(), rng.Weighted<int>([(0, 5), (1, 20), (2, 40), (3, 35)]));
        var answers = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["B-01"] = f.OrganizationName, ["B-02"] = f.ContactName, ["B-03"] = f.ContactDepartment, ["B-04"] = f.ContactPhone, ["B-05"] = f.ContactEmail,
            ["B-06"] = employees >= 1000 ? "LARGE" : employees >= 300 ? "MEDIUM" : employees >= 20 ? "SMALL" : "MICRO",
            ["B-07"] = f.IndustryCode == "C" ? "MANUFACTURING" : "SERVICE",
            ["B-08"] = YesNo(0.5 + q), ["B-09"] = YesNo(0.4 + q), ["B-10"] = YesNo(0.3 + q), ["B-11"] = YesNo(q),
            ["B-12"] = f.Certifications.Count > 0 ? "CERTIFIED" : f.HasKpiSystem == true ? "ESTABLISHED" : "NONE",
            ["B-13"] = YesNo(0.2 + q), ["B-14"] = YesNo(0.3 + q), ["B-15"] = YesNo(0.3 + q), ["B-16"] = YesNo(q), ["B-17"] = YesNo(0.2 + q),
            ["B-18"] = YesNo(0.6 + q / 2), ["B-19"] = YesNo(0.2 + q),
            ["B-20"] = rng.Weighted<string>([("INTERNATIONAL", 10 + 20 * q), ("NATIONAL", 40), ("INDUSTRY", 25), ("ENTERPRISE", 15)]),
            ["B-21"] = rng.Weighted<string>([("AVERAGE", 50 - 30 * q), ("ABOVE_AVERAGE", 40), ("LEADING", 5 + 25 * q)]),
            ["B-22"] = YesNo(f.IndustryCode is "C" or "I" or "M" ? 0.3 + q : q / 2), ["B-23"] = YesNo(q / 3), ["B-24"] = YesNo(q / 2),
            ["B-25"] = YesNo(0.2 + q), ["B-26"] = YesNo(0.1 + q), ["B-27"] = YesNo(0.6 + q / 2), ["B-28"] = YesNo(q / 3),
            ["B-29"] = YesNo(0.4 + q / 2), ["B-30"] = YesNo(q / 2), ["B-31"] = YesNo(0.3 + q / 2),
            [AppendixB.CourseNeedsCode] = needs.Count == 0 ? null : string.Join(",", needs),
            [AppendixB.CourseNeedsOtherCode] = needs.Contains(AppendixB.OtherCourseTopic) ? rng.Pick(new[] { "卓越绩效自评报告撰写辅导", "品牌建设与管理", "质量成本管理" }) : null,
            ["B-34"] = rng.Chance(0.3) ? rng.Pick(new[] { "希望安排标杆企业现场学习。", "希望专家结合行业特点进行现场指导。", "希望提供自评报告范本。" }) : null,
        };
        return answers;
    }

    private static string SectionText(Rng rng, PlannedOrg org, Web.Assessment.ExcellenceCategory category) =>
        $"{category.Code} {category.Name}：{org.Name}" + category.Code switch
        {
            "4.1" => "高层领导确立了使命、愿景和价值观，通过月度经营分析会推进质量目标的实现。",
            "4.2" => "每年组织战略研讨，形成三年滚动发展规划，并将战略目标分解为部门关键绩效指标。",
            "4.3" => "按行业和区域细分顾客群，通过走访、满意度调查和投诉分析了解顾客需求。",
            "4.4" => string.Create(CultureInfo.InvariantCulture, $"现有员工{org.Form.EmployeeCount}人，建立了培训体系和绩效考核制度；信息化系统覆盖主要业务。"),
            "4.5" => "识别了研发、采购、生产和交付等关键过程，制定了过程绩效指标并定期评审改进。",
            "4.6" => "建立了关键绩效指标的测量体系，定期开展数据分析，持续推进QC小组等改进活动。",
            _ => string.Create(CultureInfo.InvariantCulture, $"上年度销售总额{org.Form.LastYearRevenue}万元，产品一次交验合格率和顾客满意度稳中有升。"),
        } + rng.Pick(Texts.Strengths) + "。";

    // ---------- 4.4.2–4.4.3: reviewers, scores, consensus, quality analysis ----------

    private void AssignReviewerCounts(Rng rng, List<PlannedOrg> orgs)
    {
        var assigned = orgs.Where(o => o.AssignDay is { } d && o.Programme.Reached(d)).ToList();
        if (assigned.Count == 0)
        {
            Warnings.Add("no organization reached the expert review; no reviews");
            return;
        }
        var target = size.ExpertReviews;
        var base_ = target / assigned.Count;
        var extra = target % assigned.Count;
        if (base_ < 1 || base_ > 4 || (base_ == 4 && extra > 0))
        {
            Warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{target} reviews over {assigned.Count} reviewed organizations is outside 1–5 reviewers each; clamped"));
        }
        var order = Enumerable.Range(0, assigned.Count).ToList();
        rng.Shuffle(order);
        var plus = order.Take(extra).ToHashSet();
        for (var i = 0; i < assigned.Count; i++)
        {
            assigned[i].Reviewers = Math.Clamp(base_ + (plus.Contains(i) ? 1 : 0), 1, 5);
        }
    }

    private static void PlanReviewsAndAnalysis(Rng rng, PlannedOrg org)
    {
        if (org.Reviewers == 0)
        {
            return;
        }
        var p = org.Programme;
        for (var r = 0; r < org.Reviewers; r++)
        {
            var bias = rng.Normal(0, 5);
            var scores = Web.Assessment.Gb19580.Items.ToDictionary(i => i.Code,
                i => Round5(org.Quality + (i.Kind == Web.Assessment.ItemKind.Result ? -6 : 0) + (i.CategoryCode == "4.1" ? 4 : 0) + bias + rng.Normal(0, 7)), StringComparer.Ordinal);
            var day = org.AssignDay!.Value + rng.Between(1.5, 9);
            org.Reviews.Add(new PlannedReview { Scores = scores, SubmitDay = day, Submitted = p.Reached(day) });
        }
        if (org.Reviews.Any(r => !r.Submitted))
        {
            return;
        }
        var consensusDay = org.Reviews.Max(r => r.SubmitDay) + rng.Between(0.4, 2);
        if (!p.Reached(consensusDay))
        {
            return;
        }
        // 4.4.2.1: the Office takes the proposed consensus (the median), now and then moving an item by one step after the discussion
        org.Consensus = Web.Assessment.Gb19580.Items.ToDictionary(i => i.Code, i =>
        {
            var proposed = Scoring.ProposeConsensus([.. org.Reviews.Select(r => r.Scores[i.Code])]).Percentage!.Value;
            return rng.Chance(0.1) ? Math.Clamp(proposed + (rng.Chance(0.5) ? 5 : -5), 0, 100) : proposed;
        }, StringComparer.Ordinal);
        org.ConsensusTotal = Scoring.Score(org.Consensus).Total;
        org.ConsensusDay = consensusDay;
        org.Steps.Add(new PlannedStep(CaseState.Reviewed, consensusDay, null, p.Officer.Actor));
        org.ReleaseDay = consensusDay + rng.Between(0.3, 3);
        // 4.4.3: penalties of the last two years, the written analysis, its feedback and the organization's acknowledgement
        org.AnalysisDay = consensusDay + rng.Between(0.1, 1.5);
        var penalties = rng.Chance(0.08) ? rng.Chance(0.2) ? 2 : 1 : 0;
        var analysisDate = p.DateAt(org.AnalysisDay.Value);
        for (var i = 0; i < penalties; i++)
        {
            var decided = analysisDate.AddDays(-rng.Between(20, 700));
            var category = rng.Pick(Texts.PenaltyCategories);
            org.Penalties.Add(new PlannedPenalty(decided, rng.Pick(Texts.PenaltyAuthorities),
                string.Create(CultureInfo.InvariantCulture, $"沪松{rng.Pick(new[] { "市监", "环", "应急", "卫" })}罚〔{decided.Year}〕{rng.Between(100, 9999)}{i}号"),
                category, category == "警告" ? 0m : rng.Between(20, 2000) * 100m, rng.Pick(Texts.PenaltySummaries)));
        }
        var feedback = org.AnalysisDay.Value + rng.Between(0.3, 2);
        if (!p.Reached(feedback))
        {
            return;
        }
        org.FeedbackDay = feedback;
        org.Steps.Add(new PlannedStep(CaseState.Analysed, feedback, null, p.Officer.Actor));
        org.AcknowledgeDay = feedback + rng.Between(0.3, 4);
    }

    private static int Round5(double value) => (int)Math.Clamp(Math.Round(value / 5.0) * 5, 0, 100);

    // ---------- 4.4.4: the incubation pool ----------

    private static void PlanPool(PlannedProgramme p)
    {
        if (!p.Reached(Calendar.PoolPublished))
        {
            return;
        }
        var cohort = p.Orgs.Where(o => o.FeedbackDay is { } d && d < Calendar.PoolPublished).ToList();
        var inputs = cohort.Select(o => new RankingInput(SyntheticId(o.Index), o.Name, o.Form.LastYearRevenue ?? 0m, o.Form.LastYearTax ?? 0m,
            o.Form.LastYearNetProfit ?? 0m, null, o.ConsensusTotal, o.Penalties.Count, o.Penalties.Sum(x => x.AmountYuan) / 10000m,
            o.Form.PriorityIndustryCode is { } code ? PriorityLabels.GetValueOrDefault(code) : null)).ToList();
        var byId = cohort.ToDictionary(o => SyntheticId(o.Index));
        var ranking = PoolRanking.Rank(inputs);
        var chosen = (int)Math.Ceiling(ranking.Count * 0.5);
        foreach (var r in ranking)
        {
            var org = byId[r.Id];
            org.Rank = r.Rank;
            org.RankingTotal = Math.Round(r.Total, 2, MidpointRounding.AwayFromZero);
            org.InPool = r.Rank <= chosen;
            org.Steps.Add(org.InPool
                ? new PlannedStep(CaseState.InPool, Calendar.PoolPublished, null, p.Officer.Actor)
                : new PlannedStep(CaseState.NotSelected, Calendar.PoolPublished, PoolWork.NotSelectedReason, p.Officer.Actor));
        }
    }

    /// <summary>The ranking only needs an identity; the organization's real id does not exist yet when the plan is made.</summary>
    private static Guid SyntheticId(int index)
    {
        var bytes = new byte[16];
        BitConverter.TryWriteBytes(bytes, index);
        return new Guid(bytes);
    }

    // ---------- 4.5–4.7 for a pool member ----------

    private static void PlanPoolMember(Rng rng, PlannedOrg org)
    {
        var p = org.Programme;
        org.Steps.Add(new PlannedStep(CaseState.Theory, Calendar.TheoryStart, null, p.Officer.Actor));
        var persons = rng.Weighted<int>([(1, 25), (2, 50), (3, 25)]);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (org.Persons.Count < persons)
        {
            var name = Texts.PersonName(rng);
            if (names.Add(name))
            {
                org.Persons.Add(new PlannedPerson(name, rng.Pick(Texts.PersonTitles), Texts.Mobile(rng)));
            }
        }
        org.PersonsDay = rng.Between(121.2, 124);
        org.ElectivesDay = rng.Between(121.2, 126);
        org.VisitDay = Math.Floor(rng.Between(192.0, 233.0)) + (rng.Chance(0.5) ? 9.0 / 24 : 14.0 / 24);
        var exits = rng.Chance(0.04);
        var exitDay = exits ? rng.Chance(0.6) ? rng.Between(130, 178) : org.VisitDay + rng.Between(2, 7) : (double?)null;
        if (exitDay is null || exitDay > Calendar.CoachingStart)
        {
            org.Coaches = rng.Chance(0.6) ? 2 : 3;
            org.CoachAssignDay = rng.Between(181.2, 184);
            org.VisitPlannedDay = org.CoachAssignDay + rng.Between(1, 5);
            org.Steps.Add(new PlannedStep(CaseState.SiteVisited, org.VisitDay + 3.0 / 24, null, p.Officer.Actor));
            org.OpinionDraftDay = org.VisitDay + rng.Between(1, 3);
            org.OpinionSignedDay = org.OpinionDraftDay + rng.Between(1, 3);
            org.OpinionAcceptedDay = org.OpinionSignedDay + rng.Between(0.5, 3);
            org.OpinionReleasedDay = org.OpinionAcceptedDay + rng.Between(0.2, 2);
        }
        if (exitDay is { } exit)
        {
            var ground = rng.Weighted<ExitGround>([(ExitGround.Voluntary, 50), (ExitGround.NonCooperation, 30), (ExitGround.MajorIncident, 15), (ExitGround.FalseMaterials, 5)]);
            var description = ground switch
            {
                ExitGround.Voluntary => Texts.ExitDescriptions[0],
                ExitGround.NonCooperation => Texts.ExitDescriptions[1],
                ExitGround.MajorIncident => Texts.ExitDescriptions[2],
                ExitGround.FalseMaterials => Texts.ExitDescriptions[3],
            };
            var state = exit > org.VisitDay ? CaseState.SiteVisited : CaseState.Theory;
            org.ExitDay = exit;
            org.ExitGround = ground;
            org.ExitText = ExitRule.Decide(state, ground, description).Text;
            org.Steps.Add(new PlannedStep(CaseState.Exited, exit, org.ExitText, p.Officer.Actor));
            return;
        }
        // 4.7 showcase: the final Appendix B, the before/after profile re-scored and approved, then 5.1.1 completion
        org.FinalStartDay = rng.Between(241.3, 252);
        org.FinalSubmitDay = org.FinalStartDay + rng.Between(0.5, 8);
        org.ProfileStartDay = rng.Between(241.2, 252);
        org.ProfileSubmitDay = org.ProfileStartDay + rng.Between(0.5, 4);
        org.RescoreDay = org.ProfileSubmitDay + rng.Between(0.3, 1.5);
        org.ApproveDay = org.RescoreDay + rng.Between(0.3, 2);
        org.PublicConsent = rng.Chance(0.7);
        org.Steps.Add(new PlannedStep(CaseState.Showcased, org.ApproveDay.Value, null, p.Officer.Actor));
        org.Steps.Add(new PlannedStep(CaseState.Completed, Calendar.Completed, null, p.Officer.Actor));
    }

    // ---------- courses and sessions (4.3, 4.5) ----------

    private static void PlanCourses(Rng rng, PlannedProgramme p)
    {
        var order = 0;
        foreach (var preset in CoursePresets.All)
        {
            p.Courses.Add(new PlannedCourse { Preset = preset, SortOrder = ++order });
        }
        var members = p.Orgs.Where(o => o.InPool).ToList();
        var expected = members.Count > 0 ? members.Count : Math.Max(1, (int)(p.Orgs.Count * 0.4));
        // 4.5.5: electives follow the organization's Appendix B course needs
        foreach (var org in members)
        {
            var needs = AppendixB.SplitChoices(org.AppendixB.GetValueOrDefault(AppendixB.CourseNeedsCode));
            org.Electives.AddRange(p.Courses.Where(c => c.Preset.Kind == CourseKind.Elective && needs.Contains(c.Preset.Topic!)));
        }
        var awareness = 0;
        var mandatory = 0;
        var elective = 0;
        foreach (var course in p.Courses)
        {
            if (course.Preset.Stage == CourseStage.Awareness)
            {
                course.Sessions.Add(Session(rng, course, 41 + 6 * awareness++, 14, 200));
                continue;
            }
            var takers = course.Preset.Kind == CourseKind.Mandatory ? members : members.Where(o => o.Electives.Contains(course)).ToList();
            var count = Math.Max(1, (int)Math.Ceiling((course.Preset.Kind == CourseKind.Mandatory ? expected : Math.Max(takers.Count, expected / 4)) / 60.0));
            var (from, span) = course.Preset.Kind == CourseKind.Mandatory ? (125 + 16 * mandatory++, 12) : (128 + 7 * elective++ % 42, 6);
            for (var j = 0; j < count; j++)
            {
                course.Sessions.Add(Session(rng, course, from + (int)(span * (double)j / count), j % 2 == 0 ? 9 : 14, 60));
            }
            for (var i = 0; i < takers.Count; i++)
            {
                course.Sessions[i % course.Sessions.Count].Orgs.Add(takers[i]);
            }
        }
        // 4.5.3 attendance: each responsible person at the sessions of the organization, once designated and until it leaves the pool
        foreach (var session in p.Courses.SelectMany(c => c.Sessions).Where(s => s.Course.Preset.Stage == CourseStage.Theory))
        {
            var at = session.Day + session.StartHour / 24.0;
            if (!p.Reached(at + 0.25))
            {
                continue;
            }
            foreach (var org in session.Orgs.Where(o => o.PersonsDay < at && (o.ExitDay is null || o.ExitDay > at)))
            {
                foreach (var person in org.Persons)
                {
                    var status = rng.Weighted<AttendanceStatus>([(AttendanceStatus.Present, 84), (AttendanceStatus.Late, 7), (AttendanceStatus.LeftEarly, 4), (AttendanceStatus.Absent, 5)]);
                    var method = status is AttendanceStatus.Present or AttendanceStatus.Late && rng.Chance(0.6) ? AttendanceMethod.CheckIn : AttendanceMethod.Roll;
                    session.Attendance.Add(new PlannedAttendance(org, person, status, method));
                }
            }
        }
    }

    private static PlannedSession Session(Rng rng, PlannedCourse course, double day, int hour, int capacity)
    {
        var online = rng.Chance(0.15);
        return new PlannedSession
        {
            Course = course, Day = day, StartHour = hour, Capacity = capacity,
            Place = online ? null : rng.Pick(Texts.SessionPlaces),
            OnlineLink = online ? string.Create(CultureInfo.InvariantCulture, $"https://meeting.example.invalid/j/{rng.Digits(9)}") : null,
        };
    }

    private static void PlanExchanges(Rng rng, PlannedProgramme p)
    {
        var members = p.Orgs.Where(o => o.InPool && o.ExitDay is null).ToList();
        var (title, host, place) = rng.Pick(Texts.BenchmarkVisits);
        foreach (var (kind, day) in new[] { (ExchangeKind.Showcase, 248.4), (ExchangeKind.BenchmarkVisit, 258.4) })
        {
            if (!p.Reached(day + 0.5) || members.Count == 0)
            {
                continue;
            }
            var exchange = new PlannedExchange
            {
                Kind = kind, Day = day,
                Title = kind == ExchangeKind.Showcase ? $"{p.Year}年度培育孵化成果展示交流会（第{p.Slot.Cohort + 1}批）" : title,
                Place = kind == ExchangeKind.Showcase ? rng.Pick(Texts.SessionPlaces) : place,
                Host = kind == ExchangeKind.BenchmarkVisit ? host : null,
                Summary = kind == ExchangeKind.Showcase
                    ? "培育孵化组织交流卓越绩效导入成果，专家点评，区评审办部署下一阶段工作。"
                    : "参观标杆企业生产现场和质量数据中心，听取卓越绩效管理实践介绍并座谈交流。",
            };
            foreach (var org in members)
            {
                var attended = rng.Chance(0.85);
                exchange.Invited.Add((org, attended, attended ? rng.Between(1, 4) : 0,
                    kind == ExchangeKind.Showcase && attended && rng.Chance(0.2) ? "交流发言：" + rng.Pick(Texts.ManagementModels) : null));
            }
            p.Exchanges.Add(exchange);
        }
    }

    // ---------- quotas: the size's promises, exactly ----------

    private void QuotaAttendance(Rng rng, List<PlannedProgramme> programmes)
    {
        var all = programmes.SelectMany(p => p.Courses).SelectMany(c => c.Sessions).SelectMany(s => s.Attendance.Select(a => (s, a))).ToList();
        if (all.Count < size.Attendance)
        {
            Warnings.Add(string.Create(CultureInfo.InvariantCulture, $"attendance: only {all.Count} records possible, {size.Attendance} promised"));
            return;
        }
        // the records left out are people who neither checked in nor were marked on a roll
        var drop = Enumerable.Range(0, all.Count).ToList();
        rng.Shuffle(drop);
        foreach (var (s, a) in drop.Take(all.Count - size.Attendance).Select(i => all[i]))
        {
            s.Attendance.Remove(a);
        }
    }

    private void QuotaForms(Rng rng, List<PlannedProgramme> programmes)
    {
        var orgs = programmes.SelectMany(p => p.Orgs).ToList();
        var required = orgs.Where(o => o.BaselineSubmitDay is { } d && o.Programme.Reached(d)).ToList();
        foreach (var o in required)
        {
            o.HasBaselineForm = true;
        }
        var wanted = size.AppendixBForms - required.Count;
        if (wanted < 0)
        {
            Warnings.Add(string.Create(CultureInfo.InvariantCulture, $"Appendix B: {required.Count} submitted forms exceed the {size.AppendixBForms} promised"));
            return;
        }
        // drafts of the baseline form first (organizations still writing, or who withdrew while writing), then the final forms of the showcase,
        // the largest programme's first
        var drafts = orgs.Where(o => !o.HasBaselineForm && o.BaselineStartDay is { } d && o.Programme.Reached(d)).ToList();
        var finals = orgs.Where(o => o.FinalStartDay is { } d && o.Programme.Reached(d) && o.State != CaseState.Exited).ToList();
        var largest = finals.Where(o => o.Programme.IsLargest).ToList();
        var others = finals.Where(o => !o.Programme.IsLargest).ToList();
        rng.Shuffle(others);
        var candidates = drafts.Select(o => (o, Final: false)).Concat(largest.Concat(others).Select(o => (o, Final: true))).ToList();
        if (candidates.Count < wanted)
        {
            Warnings.Add(string.Create(CultureInfo.InvariantCulture, $"Appendix B: only {required.Count + candidates.Count} forms possible, {size.AppendixBForms} promised"));
        }
        foreach (var (o, final) in candidates.Take(wanted))
        {
            if (final)
            {
                o.HasFinalForm = true;
            }
            else
            {
                o.HasBaselineForm = true;
            }
        }
    }

    private void QuotaFiles(List<PlannedProgramme> programmes)
    {
        var orgs = programmes.SelectMany(p => p.Orgs).ToList();
        // required: one material per course, the report of every submitted self-evaluation (4.4.1.3)
        var required = programmes.Sum(p => p.Courses.Count) + orgs.Count(o => o.BaselineSubmitted);
        var wanted = size.StoredFiles - required;
        if (wanted < 0)
        {
            Warnings.Add(string.Create(CultureInfo.InvariantCulture, $"files: {required} required files exceed the {size.StoredFiles} promised"));
            return;
        }
        var withReport = orgs.Where(o => o.BaselineSubmitted).ToList();
        var finals = orgs.Where(o => o.FinalSubmitted).ToList();
        // then, round after round: evidence for a submitted self-evaluation, the report with a submitted final form, a licence with an application
        var round = 0;
        while (wanted > 0)
        {
            var before = wanted;
            foreach (var o in withReport.Where(o => o.EvidenceFiles == round && round < 3))
            {
                if (wanted == 0) { break; }
                o.EvidenceFiles++;
                wanted--;
            }
            foreach (var o in finals.Where(o => o.FinalFiles == round && round < 1))
            {
                if (wanted == 0) { break; }
                o.FinalFiles++;
                wanted--;
            }
            foreach (var o in orgs.Where(o => o.ApplicationFiles == round && round < 2))
            {
                if (wanted == 0) { break; }
                o.ApplicationFiles++;
                wanted--;
            }
            if (wanted == before)
            {
                Warnings.Add(string.Create(CultureInfo.InvariantCulture, $"files: {wanted} of the {size.StoredFiles} promised could not be placed"));
                return;
            }
            round++;
        }
    }
}
