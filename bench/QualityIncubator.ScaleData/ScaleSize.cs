namespace QualityIncubator.ScaleData;

/// <summary>Where a programme sits: how many years before the current one it ran, and which cohort (批次) of its year it is.</summary>
/// <remarks>
/// Cohorts of a year start 55 days apart. On the as-of date the current year's cohort 0 is in 4.7 (showcase), cohort 1 in 4.6,
/// cohort 2 in 4.5 and cohort 3 in 4.4; the programmes of earlier years have finished their incubation and are in 5 (review).
/// </remarks>
public sealed record ProgrammeSlot(int YearsBack, int Cohort);

/// <summary>
/// A size of the scale data set: the programmes and the number of records it promises. The generator meets each number exactly
/// (audit events: at least), or fails with the reason when the funnel of a size cannot reach it.
/// </summary>
/// <param name="LargestProgrammeOrganizations">Applications of the largest programme (the current year's cohort 0), the one the load benchmark uses.</param>
/// <param name="AppendixBForms">Appendix B forms (前期自评表): baseline ones and the final ones of the showcase (4.7.2), drafts included.</param>
/// <param name="ExpertReviews">Report reviewers' reviews (4.4.2) with GB/T 19580 scores, one per report-review assignment.</param>
/// <param name="Attendance">Attendance records of theory-guidance sessions (4.5.3).</param>
/// <param name="StoredFiles">Stored files (each its own content and SHA-256) with the attachment that links each to its record.</param>
/// <param name="AuditEvents">At least this many audit events; logins and downloads make up the difference when the records' own events fall short.</param>
public sealed record ScaleSize(
    string Name,
    IReadOnlyList<ProgrammeSlot> Programmes,
    int Organizations,
    int LargestProgrammeOrganizations,
    int Experts,
    int AppendixBForms,
    int ExpertReviews,
    int Attendance,
    int StoredFiles,
    int AuditEvents)
{
    private static readonly ProgrammeSlot[] FourYearsFourCohorts =
        [.. Enumerable.Range(0, 4).SelectMany(y => Enumerable.Range(0, 4).Select(c => new ProgrammeSlot(y, c)))];

    /// <summary>For tests: three programmes (4.7, 4.4 and last year's, in 5), a few dozen rows per table; seconds.</summary>
    public static readonly ScaleSize Tiny = new("tiny", [new(0, 0), new(0, 3), new(1, 0)],
        Organizations: 48, LargestProgrammeOrganizations: 24, Experts: 30, AppendixBForms: 42, ExpertReviews: 80, Attendance: 60, StoredFiles: 120, AuditEvents: 1_500);

    /// <summary>About a tenth of the city: eight programmes (two years of four cohorts).</summary>
    public static readonly ScaleSize Small = new("small", [.. FourYearsFourCohorts.Where(s => s.YearsBack < 2)],
        Organizations: 1_000, LargestProgrammeOrganizations: 200, Experts: 100, AppendixBForms: 1_000, ExpertReviews: 2_000, Attendance: 3_000, StoredFiles: 2_000, AuditEvents: 20_000);

    /// <summary>
    /// A city's worth (as many programmes as Shanghai has districts): sixteen programmes, four years of four cohorts,
    /// 10,000 organizations with complete Appendix A applications, 1,000 experts, 10,000 Appendix B forms, 20,000 reviews,
    /// 30,000 attendance records, 20,000 stored files and at least 200,000 audit events.
    /// </summary>
    public static readonly ScaleSize City = new("city", FourYearsFourCohorts,
        Organizations: 10_000, LargestProgrammeOrganizations: 2_000, Experts: 1_000, AppendixBForms: 10_000, ExpertReviews: 20_000, Attendance: 30_000, StoredFiles: 20_000, AuditEvents: 200_000);

    public static IReadOnlyList<ScaleSize> All { get; } = [Tiny, Small, City];

    public static ScaleSize? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
