namespace QualityIncubator.Tests.Integration;

/// <summary>Who may reach what. Everyone not listed as allowed must be refused (401/403/404 or a redirect to login / access denied).</summary>
public enum Persona
{
    Anonymous,
    Office,

    /// <summary>Assigned to the own organization, pledge signed, no conflict, active.</summary>
    Expert,

    /// <summary>Pledge signed, no assignment.</summary>
    ExpertUnassigned,

    /// <summary>Assigned and pledged, but with a recorded conflict with the own organization.</summary>
    ExpertConflicted,

    /// <summary>Assigned, pledge not signed.</summary>
    ExpertNoPledge,

    /// <summary>Assigned and pledged, but suspended from the pool.</summary>
    ExpertSuspended,

    OwnOrganization,
    OtherOrganization,
}

/// <summary>One line of the matrix: a route (as in the route table, placeholders named) and who may use it.</summary>
public sealed record MatrixRow(string Method, string Pattern, Persona[] Allowed, string? Body = null)
{
    public override string ToString() => $"{Method} {Pattern}";
}

public static class AuthorizationMatrix
{
    private static readonly Persona[] Everyone = Enum.GetValues<Persona>();
    private static readonly Persona[] Experts = [Persona.Expert, Persona.ExpertUnassigned, Persona.ExpertConflicted, Persona.ExpertNoPledge, Persona.ExpertSuspended];
    private static readonly Persona[] SignedIn = [Persona.Office, .. Experts, Persona.OwnOrganization, Persona.OtherOrganization];
    private static readonly Persona[] Office = [Persona.Office];
    private static readonly Persona[] OfficeAndOwner = [Persona.Office, Persona.OwnOrganization];
    private static readonly Persona[] Organizations = [Persona.OwnOrganization, Persona.OtherOrganization];

    /// <summary>Add a row here for every new page or endpoint (the coverage test fails until you do).</summary>
    public static readonly MatrixRow[] Rows =
    [
        new("GET", "/", Everyone),
        new("GET", "/Account/Login", Everyone),
        new("GET", "/Account/Logout", SignedIn),
        new("GET", "/Account/ChangePassword", SignedIn),
        // password reset by email and the second sign-in step: reachable before signing in (they say so when there is nothing to do)
        new("GET", "/Account/ForgotPassword", Everyone),
        new("GET", "/Account/ResetPassword", Everyone),
        new("GET", "/Account/LoginWith2fa", Everyone),
        new("GET", "/Account/LoginWithRecoveryCode", Everyone),
        // two-factor set-up is offered to the Office and experts, not to organizations
        new("GET", "/Account/TwoFactor", [Persona.Office, .. Experts]),
        new("GET", "/healthz", Everyone),
        new("GET", "/Notifications", SignedIn),
        new("GET", "/Programmes", Office),
        new("GET", "/Programmes/Create", Office),
        new("GET", "/Programmes/Edit/{programmeId}", Office),
        new("GET", "/Programmes/Details/{programmeId}", Office),
        new("GET", "/Stages/{stage}", Office),
        new("GET", "/Cases/{caseId}", OfficeAndOwner),
        new("GET", "/Audit", Office),
        new("GET", "/Users", Office),
        new("GET", "/Users/Create", Office),
        // the assigned expert (pledge signed, no conflict) sees the organization's files too (4.2.3)
        new("GET", "/files/{attachmentId}", [Persona.Office, Persona.OwnOrganization, Persona.Expert]),
        new("GET", "/openapi/{documentName}.json", Office),
        new("GET", "/api-docs/index.html", Office),
        new("GET", "/Register", Everyone),
        new("GET", "/Calls/{programmeId}", Everyone),
        new("GET", "/Programmes/Call/{programmeId}", Office),
        new("GET", "/Applications", Office),
        new("GET", "/Applications/Form/{programmeId}", Organizations),
        new("GET", "/Applications/Review/{applicationId}", Office),
        new("GET", "/Organization/Members", Organizations),
        new("GET", "/Applications/Docx/{applicationId}", OfficeAndOwner),
        new("GET", "/Applications/Export?programmeId={programmeId}", Office),
        new("GET", "/Applications/Import/{programmeId}", Office),
        new("GET", "/Applications/ImportTemplate", Office),
        new("GET", "/Experts", Office),
        new("GET", "/Experts/Edit/{expertId}", Office),
        new("GET", "/Experts/Me", Experts),
        new("GET", "/Experts/Import", Office),
        new("GET", "/Experts/ImportTemplate", Office),
        // a suspended expert signs nothing (4.2.3)
        new("GET", "/Experts/Pledge/{programmeId}", [Persona.Expert, Persona.ExpertUnassigned, Persona.ExpertConflicted, Persona.ExpertNoPledge]),
        new("GET", "/Experts/Tasks", Experts),
        new("GET", "/Experts/Material/{assignmentId}", [Persona.Expert]),
        new("GET", "/Experts/Assignments/{programmeId}", Office),
        new("GET", "/api/v1/programmes/{programmeId}/applications", Office),
        new("GET", "/api/v1/applications/{applicationId}", OfficeAndOwner),
        new("GET", "/api/v1/applications/{applicationId}/eligibility", OfficeAndOwner),
        new("PUT", "/api/v1/programmes/{programmeId}/application", Organizations, "{}"),
        new("POST", "/api/v1/programmes/{programmeId}/application/submit", Organizations, "{}"),
        new("POST", "/api/v1/applications/{applicationId}/withdraw", [Persona.OwnOrganization], "{\"version\":-1,\"reason\":\"matrix\"}"),
        new("POST", "/api/v1/applications/{applicationId}/return", Office, "{\"version\":-1,\"comment\":\"matrix\"}"),
        new("POST", "/api/v1/applications/{applicationId}/decision", Office, "{\"version\":-1,\"decision\":\"Eligible\",\"reason\":\"matrix\",\"leadershipJudgement\":\"matrix\"}"),
        new("GET", "/api/v1/me", SignedIn),
        new("GET", "/api/v1/antiforgery", SignedIn),
        new("GET", "/api/v1/notifications", SignedIn),
        new("GET", "/api/v1/audit", Office),
        new("GET", "/api/v1/audit/verify", Office),
        new("GET", "/api/v1/programmes", Office),
        new("POST", "/api/v1/programmes", Office, "{}"),
        new("GET", "/api/v1/programmes/{programmeId}", Office),
        new("PUT", "/api/v1/programmes/{programmeId}", Office, "{}"),
        new("POST", "/api/v1/programmes/{programmeId}/advance", Office, "{\"currentStage\":\"Sealed\",\"version\":-1}"),
        new("GET", "/api/v1/experts", Office),
        new("POST", "/api/v1/experts", Office, "{}"),
        new("GET", "/api/v1/experts/{expertId}", Office),
        new("PUT", "/api/v1/experts/{expertId}", Office, "{}"),
        new("GET", "/api/v1/experts/{expertId}/conflicts", Office),
        new("GET", "/api/v1/programmes/{programmeId}/assignments", Office),
        new("POST", "/api/v1/programmes/{programmeId}/assignments/proposal", Office, "{\"role\":\"ReportReviewer\"}"),
        new("POST", "/api/v1/programmes/{programmeId}/assignments", Office, "{\"role\":\"ReportReviewer\"}"),
        new("GET", "/api/v1/me/expert", Experts),
        new("GET", "/api/v1/me/assignments", Experts),
        // only the expert holding the task; a stale version leaves the shared world's task in place
        new("POST", "/api/v1/me/assignments/{assignmentId}/recuse", [Persona.Expert], "{\"reason\":\"matrix\",\"version\":-1}"),
        new("GET", "/Courses/{programmeId}", Office),
        new("GET", "/Courses/Edit/{programmeId}/{courseId}", Office),
        new("GET", "/Courses/Progress/{programmeId}", Office),
        new("GET", "/Courses/Attendance/{programmeId}", Office),
        // a lecturer sees the roll of their own sessions only (4.5)
        new("GET", "/Courses/Session/{sessionId}", [Persona.Office, Persona.Expert]),
        new("GET", "/Courses/Session/{sessionId}/Roll.xlsx", [Persona.Office, Persona.Expert]),
        // both organizations' cases are only applied: course materials open from eligibility on (4.3.4)
        new("GET", "/Courses/Material/{materialId}", [Persona.Office, Persona.Expert]),
        new("GET", "/Courses/Teaching", Experts),
        new("GET", "/Courses/Mine/{programmeId}", Organizations),
        new("GET", "/Courses/CheckIn", Organizations),
        new("GET", "/Pool/{programmeId}", Office),
        new("GET", "/Pool/Exit/{programmeId}/{organizationId}", Office),
        new("GET", "/Pool/Export/{programmeId}", Office),
        // 4.6 site visits: the Office plans and records; the organization confirms; only a coach on the team (gate of 4.2.3 passed) opens a visit
        new("GET", "/SiteVisits/{programmeId}", Office),
        new("GET", "/SiteVisits/Plan/{programmeId}/{organizationId}", Office),
        new("GET", "/SiteVisits/Visit/{visitId}", Office),
        new("GET", "/SiteVisits/Mine/{programmeId}", Organizations),
        new("GET", "/SiteVisits/Coach", Experts),
        new("GET", "/SiteVisits/Coach/{visitId}", [Persona.Expert]),
        new("GET", "/Assessment/SelfEvaluation/{programmeId}", Organizations),
        new("GET", "/Assessment/{programmeId}", Office),
        new("GET", "/Assessment/Organization/{programmeId}/{organizationId}", Office),
        new("GET", "/Assessment/Review/{assignmentId}", [Persona.Expert]),
        new("GET", "/Assessment/Feedback/{programmeId}", Organizations),
        // 4.6.4–4.6.6 the opinion summary of a held visit of the own organization; the Expert persona leads its coaching team
        new("GET", "/SiteVisits/Opinion/{visitId}", [Persona.Expert]),
        new("GET", "/SiteVisits/Opinion/Review/{visitId}", Office),
        new("GET", "/SiteVisits/Opinion/Mine/{programmeId}", Organizations),
        // a blank Appendix C for the Office and the team before it is written; the organization only after the release
        new("GET", "/SiteVisits/Opinion/Docx/{visitId}", [Persona.Office, Persona.Expert]),
        new("GET", "/Showcase/Mine/{programmeId}", Organizations),
        new("GET", "/Showcase/{programmeId}", Office),
        new("GET", "/Showcase/Profile/{programmeId}/{organizationId}", OfficeAndOwner),
        new("GET", "/Showcase/Event/{eventId}", Office),
        new("GET", "/Showcase/Public/{programmeId}", Everyone),
        new("GET", "/Showcase/Docx/{programmeId}/{organizationId}", OfficeAndOwner),
        new("GET", "/Archive/{programmeId}", Office),
        new("GET", "/Archive/Package/{sealedProgrammeId}", Office),
        new("GET", "/api/v1/programmes/{programmeId}/archive", Office),
        new("POST", "/api/v1/programmes/{programmeId}/archive/seal", Office, "{\"retentionYears\":5,\"version\":-1}"),
        new("POST", "/api/v1/programmes/{sealedProgrammeId}/archive/verify", Office, "{}"),
        new("GET", "/api/v1/programmes/{programmeId}/archive/files", Office),
        new("DELETE", "/api/v1/programmes/{sealedProgrammeId}/archive/files/{sealedAttachmentId}", Office, "{}"),
        new("GET", "/Assessment/AppendixB/{programmeId}/{organizationId}", OfficeAndOwner),
        // 5.1 the programme summary is the Office's (the matrix programme is still in 4.1: the page shows the facts so far, Word is a draft)
        new("GET", "/Review/Summary/{programmeId}", Office),
        new("GET", "/Review/SummaryDocx/{programmeId}", Office),
        new("GET", "/api/v1/programmes/{programmeId}/summary", Office),
        new("GET", "/Assessment/Quality/{programmeId}", Office),
        new("GET", "/Assessment/Quality/{programmeId}/{organizationId}", Office),
        new("GET", "/Assessment/Quality/Import/{programmeId}", Office),
        new("GET", "/Assessment/Quality/ImportTemplate", Office),
        // both organizations have a case in the programme: each sees its own page (the analysis only once fed back, 4.4.3.3)
        new("GET", "/Assessment/Quality/Mine/{programmeId}", Organizations),
        new("GET", "/api/v1/programmes/{programmeId}/courses", Office),
        new("POST", "/api/v1/programmes/{programmeId}/courses", Office, "{}"),
        new("PUT", "/api/v1/programmes/{programmeId}/courses/{courseId}", Office, "{\"title\":\"矩阵课程\",\"version\":-1}"),
        new("POST", "/api/v1/programmes/{programmeId}/courses/presets", Office, "{}"),
        new("GET", "/api/v1/programmes/{programmeId}/awareness", Office),
        new("GET", "/api/v1/programmes/{programmeId}/attendance", Office),
        new("GET", "/api/v1/me/programmes/{programmeId}/courses", Organizations),
        new("POST", "/api/v1/me/programmes/{programmeId}/studied/{courseId}", Organizations, "{}"),
        new("POST", "/api/v1/me/programmes/{programmeId}/decision", Organizations, "{\"choice\":\"Withdraw\",\"reason\":\"matrix\",\"caseVersion\":-1}"),
        new("PUT", "/api/v1/me/programmes/{programmeId}/electives", Organizations, "{\"courseIds\":[]}"),
        new("POST", "/api/v1/sessions/{sessionId}/check-in", Organizations, "{\"code\":\"000000\",\"responsiblePersonIds\":[]}"),
        // 5.2–5.3 expert rating, team adjustment and improvement actions: the Office only (the world's programme is not in the Review stage: writes answer 400/409)
        new("GET", "/Review/Experts/{programmeId}", Office),
        new("GET", "/Review/Improvements/{programmeId}", Office),
        new("GET", "/api/v1/programmes/{programmeId}/expert-ratings", Office),
        new("PUT", "/api/v1/programmes/{programmeId}/expert-ratings", Office, "{}"),
        new("PUT", "/api/v1/programmes/{programmeId}/team-decisions", Office, "{}"),
        new("GET", "/api/v1/programmes/{programmeId}/improvements", Office),
        new("POST", "/api/v1/programmes/{programmeId}/improvements", Office, "{}"),
        new("GET", "/api/v1/experts/{expertId}/ratings", Office),
        new("GET", "/api/v1/cases/{caseId}", OfficeAndOwner),
        new("POST", "/api/v1/cases/{caseId}/transitions", OfficeAndOwner, "{\"to\":\"Withdrawn\",\"reason\":\"matrix\",\"version\":-1}"),
    ];

    /// <summary>Routes every persona reaches by design, and why.</summary>
    public static readonly Dictionary<string, string> Exempt = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/Error/{code}"] = "Chinese error page, shown to anyone after an error",
        ["/Account/AccessDenied"] = "the page that tells anyone they were refused (answers 403 by design)",
    };
}
