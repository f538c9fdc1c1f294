using System.Diagnostics;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using QualityIncubator.Web.Platform.Data;
using QualityIncubator.Web.Platform.Web;

namespace QualityIncubator.Web.Applications;

/// <summary>The Office's filters for the application list (4.1.3): all applied in the database.</summary>
public sealed record ApplicationFilter(
    Guid ProgrammeId,
    ApplicationStatus? Status = null,
    EligibilityDecision? Decision = null,
    string? Industry = null,
    string? District = null,
    string? PriorityGroup = null,
    DateOnly? SubmittedFrom = null,
    DateOnly? SubmittedTo = null,
    string? Q = null,
    string? Sort = null);

public sealed record ApplicationListItem(Guid Id, string OrganizationName, string CreditCode, ApplicationStatus Status, EligibilityDecision Decision,
    string? IndustryCode, string? DistrictCode, string? PriorityIndustryCode, int? EmployeeCount, decimal? LastYearRevenue, decimal? LastYearTax,
    DateTime? SubmittedAt, string? ContactName, string? ContactPhone, Guid? CaseId);

public static class ApplicationQueries
{
    public static readonly string[] Sorts = ["submitted", "-submitted", "name", "-name", "revenue", "-revenue", "employees", "-employees"];

    /// <summary>The whole list under the filter, in its order (the export reads it all).</summary>
    public static IQueryable<ApplicationListItem> List(AppDbContext db, ApplicationFilter f) => Project(Ordered(Filtered(db, f), f.Sort));

    /// <summary>
    /// One page of the list. The page's ids are found first, in the list's order, from the filter's and the sort's columns alone (for the
    /// name sort, index ProgrammeId, Status, OrganizationName, Id answers without reading the table); then only those rows are read whole.
    /// Paging the whole rows instead read every row before the page (980 of them for page 50) to skip it.
    /// <paramref name="knownTotal"/>: the number of rows when the page already knows it (<see cref="TotalFromCounts"/>), else counted here.
    /// </summary>
    public static async Task<PagedList<ApplicationListItem>> PageAsync(AppDbContext db, ApplicationFilter f, int? page, int? pageSize, int? knownTotal, CancellationToken ct)
    {
        // a filter by status and decision alone is counted by the programme's tallies (a handful of rows) rather than by its rows
        var total = knownTotal
            ?? (CountedByTallies(f) ? TotalFromCounts(f, await StatusDecisionCountsAsync(db, f.ProgrammeId, ct)) : null)
            ?? await Filtered(db, f).CountAsync(ct);
        return await Paging.PageAsync(page, pageSize, total, (skip, take) =>
            take == Paging.DefaultPageSize && CountedByTallies(f)
                ? DefaultViewPages[SortKey(f.Sort)].For(db)(db, f.ProgrammeId, f.Status, f.Decision, skip).ToListAsync(ct).AsTask()
                : ComposedPage(db, f, skip, take).ToListAsync(ct));
    }

    private static IQueryable<ApplicationListItem> ComposedPage(AppDbContext db, ApplicationFilter f, int skip, int take)
    {
        var ordered = Ordered(Filtered(db, f), f.Sort);
        // skip a parameter of one cached query, not a constant of a new one per page. The page size is a constant (20, or what the API
        // asked for): PostgreSQL then keeps one generic plan of the prepared statement; with LIMIT a parameter it estimated a tenth of
        // the rows and planned the statement again on every request (0.4 ms)
        return Project(Ordered(db.Applications.AsNoTracking().Where(a => ordered.Skip(skip).Take(EF.Constant(take)).Select(o => o.Id).Contains(a.Id)), f.Sort));
    }

    /// <summary>
    /// The page of the list's usual view — narrowed by nothing but status and decision (<see cref="CountedByTallies"/>), 20 rows — as one
    /// compiled query per sort, the same query as the general path's. Composed per request, EF built, evaluated, hashed and looked up
    /// that query's expression and wrote its SQL anew (the constant page size), a fifth of the server's processor time on the list
    /// under load (bench/README.md, session 18). The sort and the projection are spliced in from <see cref="Ordered"/> and
    /// <see cref="Project"/>, so the two paths cannot drift apart.
    /// </summary>
    private static readonly Dictionary<string, CompiledQuery<Func<AppDbContext, Guid, ApplicationStatus?, EligibilityDecision?, int, IAsyncEnumerable<ApplicationListItem>>>> DefaultViewPages =
        Sorts.ToDictionary(s => s, s => new CompiledQuery<Func<AppDbContext, Guid, ApplicationStatus?, EligibilityDecision?, int, IAsyncEnumerable<ApplicationListItem>>>(
            () => EF.CompileAsyncQuery(DefaultViewPage(s))));

    // an unknown sort sorts as Ordered's default
    private static string SortKey(string? sort) => sort is not null && Sorts.Contains(sort) ? sort : "-submitted";

    private static Expression<Func<AppDbContext, Guid, ApplicationStatus?, EligibilityDecision?, int, IQueryable<ApplicationListItem>>> DefaultViewPage(string sort)
    {
        // a null status is every status but 草稿 (Filtered); EF writes the SQL per null-ness of the two parameters, so each of the four
        // combinations gets its own plain statement (Status = @status, or Status <> 'Draft')
        Expression<Func<AppDbContext, Guid, ApplicationStatus?, EligibilityDecision?, int, IQueryable<ApplicationListItem>>> template = (db, programmeId, status, decision, skip) =>
            Listed(Sorted(db.Applications.AsNoTracking().Where(a => Sorted(db.Applications.Where(o => o.ProgrammeId == programmeId
                    && ((status == null && o.Status != ApplicationStatus.Draft) || o.Status == status) && (decision == null || o.Decision == decision)))
                .Skip(skip).Take(Paging.DefaultPageSize).Select(o => o.Id).Contains(a.Id))));
        return (Expression<Func<AppDbContext, Guid, ApplicationStatus?, EligibilityDecision?, int, IQueryable<ApplicationListItem>>>)new Splice(sort).Visit(template);
    }

    // markers in the template, replaced by Splice before EF sees it
    private static IQueryable<Application> Sorted(IQueryable<Application> q) => throw new UnreachableException(nameof(Splice) + " replaces this");

    private static IQueryable<ApplicationListItem> Listed(IQueryable<Application> q) => throw new UnreachableException(nameof(Splice) + " replaces this");

    /// <summary>Replaces the template's markers with what <see cref="Ordered"/> and <see cref="Project"/> build over the marked source.</summary>
    private sealed class Splice(string sort) : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType != typeof(ApplicationQueries) || node.Method.Name is not (nameof(Sorted) or nameof(Listed)))
            {
                return base.VisitMethodCall(node);
            }
            var source = Visit(node.Arguments[0]);
            // the query Ordered or Project builds over a stand-in source, never run: only its expression is taken
            var standIn = Expression.Parameter(typeof(IQueryable<Application>), "source");
            var query = new EnumerableQuery<Application>(standIn);
            var built = node.Method.Name == nameof(Sorted) ? Ordered(query, sort).Expression : Project(query).Expression;
            return new Substitute(standIn, source).Visit(built)!;
        }
    }

    private sealed class Substitute(Expression from, Expression to) : ExpressionVisitor
    {
        public override Expression? Visit(Expression? node) => node == from ? to : base.Visit(node);
    }

    private static IQueryable<Application> Filtered(AppDbContext db, ApplicationFilter f)
    {
        var q = db.Applications.AsNoTracking().Where(a => a.ProgrammeId == f.ProgrammeId);
        if (f.Status is { } status)
        {
            q = q.Where(a => a.Status == status);
        }
        else
        {
            // Drafts belong to the organization until submitted.
            q = q.Where(a => a.Status != ApplicationStatus.Draft);
        }
        if (f.Decision is { } decision)
        {
            q = q.Where(a => a.Decision == decision);
        }
        if (!string.IsNullOrWhiteSpace(f.Industry))
        {
            q = q.Where(a => a.IndustryCode == f.Industry);
        }
        if (!string.IsNullOrWhiteSpace(f.District))
        {
            q = q.Where(a => a.DistrictCode == f.District);
        }
        if (!string.IsNullOrWhiteSpace(f.PriorityGroup))
        {
            var codes = db.CodeItems.Where(c => c.List == CodeLists.PriorityIndustry && c.Group == f.PriorityGroup).Select(c => c.Code);
            q = q.Where(a => a.PriorityIndustryCode != null && codes.Contains(a.PriorityIndustryCode));
        }
        if (f.SubmittedFrom is { } from)
        {
            var start = ChinaTime.StartOfDayUtc(from);
            q = q.Where(a => a.SubmittedAt >= start);
        }
        if (f.SubmittedTo is { } to)
        {
            var end = ChinaTime.StartOfDayUtc(to.AddDays(1));
            q = q.Where(a => a.SubmittedAt < end);
        }
        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var term = f.Q.Trim();
            var code = CreditCode.Normalize(term);
            q = q.Where(a => a.OrganizationName.Contains(term) || a.CreditCode == code);
        }
        return q;
    }

    // the id last: two organizations of the same name keep one order, so no row is on two pages or on none
    private static IQueryable<Application> Ordered(IQueryable<Application> q, string? sort) => (sort switch
    {
        "name" => q.OrderBy(a => a.OrganizationName),
        "-name" => q.OrderByDescending(a => a.OrganizationName),
        "revenue" => q.OrderBy(a => a.LastYearRevenue).ThenBy(a => a.OrganizationName),
        "-revenue" => q.OrderByDescending(a => a.LastYearRevenue).ThenBy(a => a.OrganizationName),
        "employees" => q.OrderBy(a => a.EmployeeCount).ThenBy(a => a.OrganizationName),
        "-employees" => q.OrderByDescending(a => a.EmployeeCount).ThenBy(a => a.OrganizationName),
        "submitted" => q.OrderBy(a => a.SubmittedAt).ThenBy(a => a.OrganizationName),
        _ => q.OrderByDescending(a => a.SubmittedAt).ThenBy(a => a.OrganizationName),
    }).ThenBy(a => a.Id);

    private static IQueryable<ApplicationListItem> Project(IQueryable<Application> q) =>
        q.Select(a => new ApplicationListItem(a.Id, a.OrganizationName, a.CreditCode, a.Status, a.Decision, a.IndustryCode, a.DistrictCode,
            a.PriorityIndustryCode, a.EmployeeCount, a.LastYearRevenue, a.LastYearTax, a.SubmittedAt, a.ContactName, a.ContactPhone, a.CaseId));

    /// <summary>How many applications of the programme have one status and one decision.</summary>
    public sealed record StatusDecisionCount(ApplicationStatus Status, EligibilityDecision Decision, int Count);

    // compiled: the list page asks it on every request (bench/README.md, load benchmark)
    private static readonly CompiledQuery<Func<AppDbContext, Guid, IAsyncEnumerable<ProgrammeTally>>> StatusDecisionTallies = new(() => EF.CompileAsyncQuery(
        (AppDbContext db, Guid programmeId) => db.Tallies.AsNoTracking().Where(t => t.ProgrammeId == programmeId && t.Subject == ProgrammeTallies.Applications && t.Count != 0)));

    /// <summary>
    /// The programme's applications counted per status and decision: read off the programme's tallies (a handful of rows), which every
    /// save keeps exact (<see cref="ProgrammeTallies"/>), instead of counted from the applications.
    /// </summary>
    public static async Task<List<StatusDecisionCount>> StatusDecisionCountsAsync(AppDbContext db, Guid programmeId, CancellationToken ct)
    {
        var counts = new List<StatusDecisionCount>();
        await foreach (var t in StatusDecisionTallies.For(db)(db, programmeId).WithCancellation(ct))
        {
            if (ProgrammeTallies.ParseApplicationKey(t.Key) is { } key)
            {
                counts.Add(new StatusDecisionCount(key.Status, key.Decision, t.Count));
            }
        }
        return counts;
    }

    /// <summary>Counts per status and decision for the programme dashboard.</summary>
    public static async Task<IReadOnlyDictionary<string, int>> CountsAsync(AppDbContext db, Guid programmeId, CancellationToken ct) =>
        Labelled(await StatusDecisionCountsAsync(db, programmeId, ct));

    /// <summary>The counts as the pages show them: one per status, one per decision of the submitted applications.</summary>
    public static IReadOnlyDictionary<string, int> Labelled(IReadOnlyList<StatusDecisionCount> groups)
    {
        var result = new Dictionary<string, int>();
        foreach (var s in Enum.GetValues<ApplicationStatus>())
        {
            result[ApplicationLabels.Status(s)] = groups.Where(g => g.Status == s).Sum(g => g.Count);
        }
        foreach (var d in Enum.GetValues<EligibilityDecision>())
        {
            result["资格审查" + ApplicationLabels.Decision(d)] = groups.Where(g => g.Status == ApplicationStatus.Submitted && g.Decision == d).Sum(g => g.Count);
        }
        return result;
    }

    /// <summary>
    /// The number of rows <see cref="List"/> returns for <paramref name="f"/>, read off the status × decision counts when the filter uses
    /// nothing else (no status: every status but 草稿, as the list); null when it filters on anything more, and the list must count itself.
    /// </summary>
    public static int? TotalFromCounts(ApplicationFilter f, IReadOnlyList<StatusDecisionCount> groups) =>
        CountedByTallies(f)
            ? groups.Where(g => (f.Status is { } status ? g.Status == status : g.Status != ApplicationStatus.Draft)
                && (f.Decision is not { } decision || g.Decision == decision)).Sum(g => g.Count)
            : null;

    /// <summary>Whether the filter narrows by nothing but status and decision, so that the counts by status and decision give its total.</summary>
    private static bool CountedByTallies(ApplicationFilter f) =>
        string.IsNullOrWhiteSpace(f.Industry) && string.IsNullOrWhiteSpace(f.District) && string.IsNullOrWhiteSpace(f.PriorityGroup)
        && f.SubmittedFrom is null && f.SubmittedTo is null && string.IsNullOrWhiteSpace(f.Q);
}
