using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using QualityIncubator.Tests.Infrastructure;

namespace QualityIncubator.Tests.Integration;

/// <summary>
/// No N+1 on any list: every list page and list endpoint, over a database with thousands of rows per table (<see cref="QueryBoundsWorld"/>),
/// answers with a bounded number of SQL commands, reads a bounded number of rows (a list paged in memory reads them all) and shows one page.
/// </summary>
public sealed partial class QueryBoundsTests(QueryBoundsWorld worlds, ITestOutputHelper output) : IClassFixture<QueryBoundsWorld>
{
    /// <summary>
    /// One list: who asks, where ({programmeId} and the other placeholders are the seeded world's), and at most how many SQL commands one
    /// request may take, how many rows those commands may read (a list paged in memory reads thousands), and how many rows it may show:
    /// table rows, select options and sections of a page, or the longest array of a JSON answer (the page size, for an endpoint), or only
    /// the rows of <paramref name="Table"/> (a page's table id, or a JSON property).
    /// </summary>
    public sealed record ListRow(string Name, string Persona, string Url, int Commands, int RowsRead, int Shown, string Why, string? Table = null)
    {
        public override string ToString() => Name;
    }

    // Most pages also count the signed-in user's unread notifications for the layout's badge (one command).
    public static readonly ListRow[] Lists =
    [
        new("programmes", "office", "/Programmes", 6, 100, 45, "badge, count, one page with each programme's case count summed from its tallies in the same query"),
        new("programmes-api", "office", "/api/v1/programmes", 4, 60, 20, "count, one page and its case counts"),
        new("applications", "office", "/Applications?programmeId={programmeId}", 10, 300, 145,
            "badge, code book, programme picker (the 50 most recent), counts by status and by decision (the list's total when only those filter), page"),
        new("applications-filtered", "office", "/Applications?programmeId={programmeId}&status=Submitted&decision=Pending&industry={industry}&q=边界组织&sort=-revenue&p=3", 10, 300, 145,
            "as the list: every filter and the sort are part of the paged query"),
        new("applications-api", "office", "/api/v1/programmes/{programmeId}/applications?sort=name&pageSize=50", 4, 120, 50, "count and one page of 50"),
        new("experts", "office", "/Experts", 7, 200, 60, "badge, code book, count, page"),
        new("experts-filtered", "office", "/Experts?role=ReportReviewer&status=Active&industry={industry}&q=边界专家&p=2", 7, 200, 60, "as the pool: the filters are in the paged query"),
        new("experts-api", "office", "/api/v1/experts?q=边界", 4, 60, 20, "count and one page"),
        new("assignments", "office", "/Experts/Assignments/{programmeId}", 9, 250, 145,
            "badge, programme, count, page, and at most 50 organizations and 50 experts offered to the manual assignment (search narrows them)"),
        new("assignments-api", "office", "/api/v1/programmes/{programmeId}/assignments?role=SiteCoach", 5, 60, 20, "programme, count, page"),
        new("audit", "office", "/Audit", 5, 120, 75, "badge, count, one page of 50 events"),
        new("audit-api", "office", "/api/v1/audit?programmeId={programmeId}", 4, 60, 20, "count and one page"),
        new("notifications", "office", "/Notifications", 5, 60, 30, "badge, count, page"),
        new("notifications-api", "organization", "/api/v1/notifications", 4, 60, 20, "count and page"),
        new("users", "office", "/Users?role=Organization", 6, 60, 35, "badge, role, count, one page with each user's organization, the page's roles"),
        new("courses", "office", "/Courses/{programmeId}", 8, 300, 95,
            "badge, programme, the catalogue in one query (30 courses with their 120 sessions: a programme's plan, read whole), elective demand, programme picker (50)"),
        new("courses-api", "office", "/api/v1/programmes/{programmeId}/courses", 4, 300, 30, "programme and the catalogue in one query (30 courses, read whole)"),
        new("awareness-progress", "office", "/Courses/Progress/{programmeId}", 10, 80, 35,
            "badge, programme, courses, counts by state, due date, count, one page with studied/opened/decided as subqueries"),
        new("awareness-api", "office", "/api/v1/programmes/{programmeId}/awareness", 9, 80, 20, "as the page"),
        new("theory-attendance", "office", "/Courses/Attendance/{programmeId}", 15, 300, 50,
            "badge, programme, sessions, four counts for the rate and gaps, count, page, the page's persons and attendance, elective demand"),
        new("attendance-api", "office", "/api/v1/programmes/{programmeId}/attendance", 13, 300, 30,
            "as the page; the longest array is the programme's 24 mandatory sessions"),
        new("self-evaluations", "office", "/Assessment/{programmeId}", 9, 60, 35, "badge, programme, two counts, count, one page with every figure as a subquery"),
        new("quality-analyses", "office", "/Assessment/Quality/{programmeId}", 10, 60, 35, "badge, programme, three counts, count, page"),
        new("pool", "office", "/Pool/{programmeId}", 8, 300, 155,
            "badge, programme with the sizes of its lists, the cohort in one query (100 candidates, ranked as a whole: 4.4.4.1 scores are relative and published in one form), and two pages"),
        new("pool-history", "office", "/Pool/History/{programmeId}", 5, 60, 30, "badge, programme with the sizes of its lists, one page of stays"),
        new("site-visits", "office", "/SiteVisits/{programmeId}", 7, 60, 35, "badge, programme, count, one page with team and current visit as subqueries"),
        new("showcase", "office", "/Showcase/{programmeId}", 8, 70, 40, "badge, programme, count, page, the programme's 8 exchange events"),
        new("showcase-public", "anonymous", "/Showcase/Public/{programmeId}", 7, 70, 30, "programme, count, page, events"),
        new("summary", "office", "/Review/Summary/{programmeId}", 60, 25_000, 22,
            "about 50 fixed aggregate queries for the facts (none per organization; the 4.5.3 rate reads each pool member's persons and attendance, 15,000 rows here), then one page of organizations with their timelines",
            Table: "organizations"),
        new("summary-api", "office", "/api/v1/programmes/{programmeId}/summary", 60, 25_000, 20, "as the page", Table: "organizations"),
        new("expert-ratings", "office", "/Review/Experts/{programmeId}", 25, 300, 200,
            "badge, programme, served per role (3), rated, the page cut role by role (≤3), then the page's facts: 13 queries restricted to its experts; 20 sections with 8 choices each"),
        new("expert-ratings-api", "office", "/api/v1/programmes/{programmeId}/expert-ratings", 24, 300, 20, "as the page"),
        new("improvements", "office", "/Review/Improvements/{programmeId}", 7, 60, 50, "badge, programme, count, page"),
        new("improvements-api", "office", "/api/v1/programmes/{programmeId}/improvements", 5, 60, 20, "programme, count, page"),
        new("archive", "office", "/Archive/{archivedProgrammeId}", 13, 120, 60,
            "badge, programme, archive, readiness (summary approved, served and rated roles counted: 5), count, one page of 50 files"),
        new("archive-files-api", "office", "/api/v1/programmes/{archivedProgrammeId}/archive/files", 4, 120, 50, "count and one page of 50"),
        new("stage", "office", "/Stages/Review", 7, 60, 35, "badge, the stage's programmes, count, page of cases"),
        new("programme-details", "office", "/Programmes/Details/{programmeId}", 30, 300, 60,
            "badge, programme, schedule and counts, application counts, improvements to carry, course figures counted in the database (about 10), count, one page of cases"),
        new("expert-tasks", "expert", "/Experts/Tasks", 7, 60, 30, "badge, expert, count, one page with the pledge as a subquery"),
        new("expert-tasks-api", "expert", "/api/v1/me/assignments", 5, 60, 20, "expert, count, page"),
        new("expert-teaching", "expert", "/Courses/Teaching", 6, 60, 30, "badge, count, page"),
        new("expert-visits", "expert", "/SiteVisits/Coach", 6, 60, 30, "badge, count, page"),
        new("office-dashboard", "office", "/", 6, 40, 30, "badge, the 20 latest active programmes, the 8 latest audit events"),
        new("expert-dashboard", "expert", "/", 6, 20, 10, "badge, active task count, the 5 latest notifications"),
        new("organization-dashboard", "organization", "/", 8, 40, 20, "badge, own cases and applications, open calls, the 5 latest notifications"),
        new("organization-courses", "organization", "/Courses/Mine/{programmeId}", 14, 300, 30,
            "badge, own case, studied, electives, 4.5.3 for itself (3), the catalogue (30 courses), course needs, responsible persons"),
        new("organization-courses-api", "organization", "/api/v1/me/programmes/{programmeId}/courses", 8, 60, 30, "as the page, without the layout and the catalogue"),
        new("session-roll", "office", "/Courses/Session/{sessionId}", 12, 300, 700,
            "badge, session with course and lecturers, count and one page of 50 organizations (of 3,000 expected), their persons and records, the present count, "
            + "the session, its lecturers, at most 50 lecturers offered; each person is a row with a select of 5 choices (about 600)"),
        new("session-roll-lecturer", "expert", "/Courses/Session/{sessionId}", 12, 250, 650, "as the Office's page, the lecturer check instead of the lecturer choices"),
        new("course-edit", "office", "/Courses/Edit/{programmeId}/{courseId}", 5, 200, 30, "badge, the programme's catalogue in one query (30 courses, 120 sessions), the course"),
        new("showcase-event", "office", "/Showcase/Event/{eventId}", 9, 120, 30,
            "badge, event, count and page of the invited (of 375) with the page's material, count and page of 50 pool members not invited (of 2,625)"),
        new("case", "office", "/Cases/{caseId}", 6, 30, 20, "badge, the case, its timeline, its files"),
        new("case-api", "office", "/api/v1/cases/{caseId}", 4, 20, 20, "the case and its timeline"),
        new("site-visit", "office", "/SiteVisits/Visit/{visitId}", 8, 40, 30, "badge, the visit with its organization and programme, its attendees, checklist and history"),
        new("coach-visit", "expert", "/SiteVisits/Coach/{visitId}", 22, 150, 80,
            "badge, the visit (4 queries), the gate (4.2.3), Appendix A with the code book, its files, the self-evaluation material, the access record (a write)"),
        new("organization-visits", "organization", "/SiteVisits/Mine/{programmeId}", 9, 40, 20,
            "badge, own case, the own visits with their organization and programme, then attendees, checklists and histories of all of them (never per visit)"),
        new("organization-members", "organization", "/Organization/Members", 4, 20, 10, "badge, the organization's own accounts"),
        new("expert-conflicts-api", "office", "/api/v1/experts/{expertId}/conflicts", 3, 20, 20, "the expert, the expert's declared conflicts"),
        new("expert-record-api", "office", "/api/v1/experts/{expertId}/ratings", 5, 40, 20, "the expert, ratings by programme and role, team decisions"),
    ];

    public static TheoryData<DbProvider, string> Cases()
    {
        var data = new TheoryData<DbProvider, string>();
        foreach (var provider in Enum.GetValues<DbProvider>())
        {
            foreach (var row in Lists)
            {
                data.Add(provider, row.Name);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task List_pages_in_the_database_with_a_bounded_number_of_commands(DbProvider provider, string name)
    {
        var world = await worlds.GetAsync(provider);
        var row = Lists.Single(r => r.Name == name);
        var url = Placeholder().Replace(row.Url, m => world.Values[m.Groups[1].Value]);

        var measured = await world.Counter.SendAsync(world.Clients[row.Persona].Http, HttpMethod.Get, url);

        var shown = Shown(measured.Body, row.Table);
        output.WriteLine($"{provider} {name}: {measured.Commands} commands, {measured.Rows} rows read, {shown} shown");
        Assert.True(measured.Status == HttpStatusCode.OK, $"GET {url} → {(int)measured.Status}\n{string.Join("\n", world.App.ServerErrors)}\n{measured.Body[..Math.Min(800, measured.Body.Length)]}");
        Assert.True(measured.Commands <= row.Commands, $"GET {url}: {row.Commands} commands at most ({row.Why}), but {measured.Describe()}");
        Assert.True(measured.Rows <= row.RowsRead, $"GET {url}: {row.RowsRead} rows read at most ({row.Why}), but {measured.Describe()}");
        Assert.True(shown <= row.Shown, $"GET {url}: one page ({row.Shown} rows) at most, but {shown} shown");
    }

    /// <summary>
    /// What a response shows at once: for a page its table rows, list options and sections (cards); for JSON the longest array. With
    /// <paramref name="table"/>, only that table's rows (a page) or that property's array or page of items (JSON).
    /// </summary>
    private static int Shown(string body, string? table)
    {
        if (body.TrimStart().StartsWith('{') || body.TrimStart().StartsWith('['))
        {
            using var json = JsonDocument.Parse(body);
            if (table is null)
            {
                return Longest(json.RootElement);
            }
            var list = json.RootElement.GetProperty(table);
            return (list.ValueKind == JsonValueKind.Object ? list.GetProperty("items") : list).GetArrayLength();
        }
        if (table is not null)
        {
            var start = body.IndexOf($"<table id=\"{table}\"", StringComparison.Ordinal);
            Assert.True(start >= 0, $"no table {table}");
            body = body[start..body.IndexOf("</table>", start, StringComparison.Ordinal)];
        }
        return TableRow().Count(body) + Option().Count(body) + Section().Count(body);
    }

    private static int Longest(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => Math.Max(e.GetArrayLength(), e.EnumerateArray().Select(Longest).DefaultIfEmpty(0).Max()),
        JsonValueKind.Object => e.EnumerateObject().Select(p => Longest(p.Value)).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("<tr[ >]")]
    private static partial Regex TableRow();

    [GeneratedRegex("<option[ >]")]
    private static partial Regex Option();

    [GeneratedRegex("<section[ >]")]
    private static partial Regex Section();
}
