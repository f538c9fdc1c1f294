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

    /// <summary>Its case in the world's programme is 已退出 (withdrew at 4.3.5): it reads its own records, acts no more in the programme.</summary>
    WithdrawnOrganization,

    /// <summary>Its case in the world's programme is 已退出培育孵化库 (left the pool, 4.4.4.3): it reads its own records, acts no more in the programme.</summary>
    ExitedOrganization,
}

/// <summary>
/// One line of the matrix: a route (as in the route table, placeholders named; a page handler as <c>?handler=Name</c>) and who may use it.
/// <paramref name="Body"/> is the JSON of an API request, or the form fields of a page handler (placeholders filled in).
/// </summary>
public sealed record MatrixRow(string Method, string Pattern, Persona[] Allowed, string? Body = null)
{
    /// <summary>A Razor page's POST handler (a form), as opposed to an API endpoint.</summary>
    public bool IsPageHandler => Method != "GET" && !Pattern.StartsWith("/api/", StringComparison.Ordinal);

    public bool ChangesState => Method != "GET";

    public override string ToString() => $"{Method} {Pattern}";
}

public static class AuthorizationMatrix
{
    private static readonly Persona[] Everyone = Enum.GetValues<Persona>();
    private static readonly Persona[] Experts = [Persona.Expert, Persona.ExpertUnassigned, Persona.ExpertConflicted, Persona.ExpertNoPledge, Persona.ExpertSuspended];
    private static readonly Persona[] Organizations = [Persona.OwnOrganization, Persona.OtherOrganization, Persona.WithdrawnOrganization, Persona.ExitedOrganization];

    /// <summary>Organizations whose case in the programme is open: a withdrawn or exited one reads its own records but acts no more (403).</summary>
    private static readonly Persona[] ActiveOrganizations = [Persona.OwnOrganization, Persona.OtherOrganization];

    private static readonly Persona[] SignedIn = [Persona.Office, .. Experts, .. Organizations];
    private static readonly Persona[] Staff = [Persona.Office, .. Experts];
    private static readonly Persona[] Office = [Persona.Office];
    private static readonly Persona[] OfficeAndOwner = [Persona.Office, Persona.OwnOrganization];
    private static readonly Persona[] Nobody = [];

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
        new("GET", "/Account/TwoFactor", Staff),
        new("GET", "/healthz", Everyone),
        new("GET", "/Notifications", SignedIn),
        new("GET", "/Programmes", Office),
        new("GET", "/Programmes/Create", Office),
        new("GET", "/Programmes/Edit/{programmeId}", Office),
        new("GET", "/Programmes/Details/{programmeId}", Office),
        new("GET", "/Stages/{stage}", Office),
        new("GET", "/Cases/{caseId}", OfficeAndOwner),
        // a withdrawn or exited organization keeps its case page and timeline
        new("GET", "/Cases/{withdrawnCaseId}", [Persona.Office, Persona.WithdrawnOrganization]),
        new("GET", "/Cases/{exitedCaseId}", [Persona.Office, Persona.ExitedOrganization]),
        new("GET", "/Audit", Office),
        new("GET", "/Users", Office),
        new("GET", "/Users/Create", Office),
        // the assigned expert (pledge signed, no conflict) sees the organization's files too (4.2.3)
        new("GET", "/files/{attachmentId}", [Persona.Office, Persona.OwnOrganization, Persona.Expert]),
        new("GET", "/files/{withdrawnAttachmentId}", [Persona.Office, Persona.WithdrawnOrganization]),
        // the own organization's file in another (the sealed) programme: its assigned expert of this programme does not see it
        new("GET", "/files/{sealedAttachmentId}", [Persona.Office, Persona.OwnOrganization]),
        new("GET", "/openapi/{documentName}.json", Office),
        new("GET", "/api-docs/index.html", Office),
        new("GET", "/Register", Everyone),
        new("GET", "/Calls/{programmeId}", Everyone),
        new("GET", "/Programmes/Call/{programmeId}", Office),
        new("GET", "/Applications", Office),
        // any organization opens a programme's application form; a withdrawn or exited one sees its own application, read-only
        new("GET", "/Applications/Form/{programmeId}", Organizations),
        new("GET", "/Applications/Review/{applicationId}", Office),
        new("GET", "/Organization/Members", Organizations),
        new("GET", "/Applications/Docx/{applicationId}", OfficeAndOwner),
        new("GET", "/Applications/Docx/{withdrawnApplicationId}", [Persona.Office, Persona.WithdrawnOrganization]),
        new("GET", "/Applications/Docx/{exitedApplicationId}", [Persona.Office, Persona.ExitedOrganization]),
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
        new("GET", "/api/v1/applications/{withdrawnApplicationId}", [Persona.Office, Persona.WithdrawnOrganization]),
        new("GET", "/api/v1/applications/{exitedApplicationId}", [Persona.Office, Persona.ExitedOrganization]),
        new("GET", "/api/v1/applications/{applicationId}/eligibility", OfficeAndOwner),
        // a withdrawn or exited organization changes nothing more in the programme (403 with the reason)
        new("PUT", "/api/v1/programmes/{programmeId}/application", ActiveOrganizations, "{}"),
        new("POST", "/api/v1/programmes/{programmeId}/application/submit", ActiveOrganizations, "{}"),
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
        // the own and other organizations' cases are only applied: course materials open from eligibility on (4.3.4), and close
        // when the organization withdraws or leaves the pool
        new("GET", "/Courses/Material/{materialId}", [Persona.Office, Persona.Expert]),
        new("GET", "/Courses/Teaching", Experts),
        new("GET", "/Courses/Mine/{programmeId}", Organizations),
        new("GET", "/Courses/CheckIn", Organizations),
        new("GET", "/Pool/{programmeId}", Office),
        new("GET", "/Pool/History/{programmeId}", Office),
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
        new("GET", "/Assessment/AppendixB/{programmeId}/{withdrawnOrganizationId}", [Persona.Office, Persona.WithdrawnOrganization]),
        new("GET", "/Assessment/AppendixB/{programmeId}/{exitedOrganizationId}", [Persona.Office, Persona.ExitedOrganization]),
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
        new("POST", "/api/v1/me/programmes/{programmeId}/studied/{courseId}", ActiveOrganizations, "{}"),
        new("POST", "/api/v1/me/programmes/{programmeId}/decision", ActiveOrganizations, "{\"choice\":\"Withdraw\",\"reason\":\"matrix\",\"caseVersion\":-1}"),
        new("PUT", "/api/v1/me/programmes/{programmeId}/electives", ActiveOrganizations, "{\"courseIds\":[]}"),
        // no organization of the world is on the awareness session's roll (their cases are only applied, or closed): 404, as the check-in page
        new("POST", "/api/v1/sessions/{sessionId}/check-in", Nobody, "{\"code\":\"000000\",\"responsiblePersonIds\":[]}"),
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
        new("GET", "/api/v1/cases/{withdrawnCaseId}", [Persona.Office, Persona.WithdrawnOrganization]),
        new("GET", "/api/v1/cases/{exitedCaseId}", [Persona.Office, Persona.ExitedOrganization]),
        new("POST", "/api/v1/cases/{caseId}/transitions", OfficeAndOwner, "{\"to\":\"Withdrawn\",\"reason\":\"matrix\",\"version\":-1}"),

        // ---- page handlers (forms). A refused persona posts with a valid antiforgery token and must be refused; an allowed one is shown
        // to reach the handler by CsrfTests (without the token it gets 400, and nothing changes). Bodies name the world's records.
        new("POST", "/Account/Login", Everyone),
        new("POST", "/Account/Logout", SignedIn),
        new("POST", "/Account/ChangePassword", SignedIn),
        new("POST", "/Account/ForgotPassword", Everyone),
        new("POST", "/Account/ResetPassword", Everyone),
        new("POST", "/Account/LoginWith2fa", Everyone),
        new("POST", "/Account/LoginWithRecoveryCode", Everyone),
        new("POST", "/Account/TwoFactor?handler=Enable", Staff),
        new("POST", "/Account/TwoFactor?handler=Disable", Staff),
        new("POST", "/Account/TwoFactor?handler=RecoveryCodes", Staff),
        new("POST", "/Account/TwoFactor?handler=ResetKey", Staff),
        new("POST", "/Notifications?handler=MarkAllRead", SignedIn),
        new("POST", "/Users/Create", Office),
        new("POST", "/Users?handler=Toggle", Office),
        new("POST", "/Audit?handler=Verify", Office),
        new("POST", "/Cases/{caseId}?handler=Transition", OfficeAndOwner, "to=Withdrawn&reason=matrix&version=-1"),
        new("POST", "/Cases/{caseId}?handler=Upload", OfficeAndOwner),
        new("POST", "/Programmes/Create", Office),
        new("POST", "/Programmes/Edit/{programmeId}", Office),
        new("POST", "/Programmes/Details/{programmeId}?handler=Advance", Office),
        new("POST", "/Programmes/Details/{programmeId}?handler=CarryImprovement", Office),
        new("POST", "/Programmes/Details/{programmeId}?handler=Register", Office),
        new("POST", "/Programmes/Call/{programmeId}?handler=Save", Office),
        new("POST", "/Programmes/Call/{programmeId}?handler=Publish", Office),
        // 4.1
        new("POST", "/Register", Everyone),
        new("POST", "/Organization/Members", Organizations),
        new("POST", "/Applications/Form/{programmeId}?handler=Save", ActiveOrganizations),
        new("POST", "/Applications/Form/{programmeId}?handler=Submit", ActiveOrganizations),
        new("POST", "/Applications/Form/{programmeId}?handler=Upload", ActiveOrganizations),
        new("POST", "/Applications/Form/{programmeId}?handler=Withdraw", ActiveOrganizations),
        new("POST", "/Applications/Import/{programmeId}", Office),
        new("POST", "/Applications/Review/{applicationId}?handler=Decide", Office),
        new("POST", "/Applications/Review/{applicationId}?handler=Return", Office),
        // 4.2
        new("POST", "/Experts/Edit/{expertId}?handler=Save", Office),
        new("POST", "/Experts/Edit/{expertId}?handler=CreateLogin", Office),
        new("POST", "/Experts/Edit/{expertId}?handler=AddConflict", Office),
        new("POST", "/Experts/Edit/{expertId}?handler=RemoveConflict", Office),
        new("POST", "/Experts/Import", Office),
        new("POST", "/Experts/Me?handler=Save", Experts),
        new("POST", "/Experts/Me?handler=AddDate", Experts),
        new("POST", "/Experts/Me?handler=RemoveDate", Experts),
        new("POST", "/Experts/Me?handler=AddConflict", Experts),
        new("POST", "/Experts/Me?handler=RemoveConflict", Experts),
        new("POST", "/Experts/Pledge/{programmeId}", [Persona.Expert, Persona.ExpertUnassigned, Persona.ExpertConflicted, Persona.ExpertNoPledge]),
        new("POST", "/Experts/Tasks?handler=Recuse", Experts),
        new("POST", "/Experts/Assignments/{programmeId}?handler=Propose", Office),
        new("POST", "/Experts/Assignments/{programmeId}?handler=Accept", Office),
        new("POST", "/Experts/Assignments/{programmeId}?handler=Assign", Office),
        new("POST", "/Experts/Assignments/{programmeId}?handler=End", Office),
        // 4.3 and 4.5
        new("POST", "/Courses/{programmeId}?handler=Presets", Office),
        new("POST", "/Courses/{programmeId}?handler=Copy", Office),
        new("POST", "/Courses/{programmeId}?handler=ProposeLecturers", Office),
        new("POST", "/Courses/{programmeId}?handler=AcceptLecturers", Office),
        new("POST", "/Courses/Edit/{programmeId}/{courseId}?handler=Save", Office),
        new("POST", "/Courses/Edit/{programmeId}/{courseId}?handler=Delete", Office),
        new("POST", "/Courses/Edit/{programmeId}/{courseId}?handler=Session", Office),
        new("POST", "/Courses/Edit/{programmeId}/{courseId}?handler=Material", Office),
        new("POST", "/Courses/Edit/{programmeId}/{courseId}?handler=RemoveMaterial", Office),
        new("POST", "/Courses/Progress/{programmeId}?handler=Start", Office),
        new("POST", "/Courses/Progress/{programmeId}?handler=Remind", Office),
        new("POST", "/Courses/Attendance/{programmeId}?handler=Start", Office),
        // the session's lecturer issues the code and takes the roll; only the Office changes the session
        new("POST", "/Courses/Session/{sessionId}?handler=Update", Office),
        new("POST", "/Courses/Session/{sessionId}?handler=Delete", Office),
        new("POST", "/Courses/Session/{sessionId}?handler=Lecturer", Office),
        new("POST", "/Courses/Session/{sessionId}?handler=RemoveLecturer", Office),
        new("POST", "/Courses/Session/{sessionId}?handler=Code", [Persona.Office, Persona.Expert]),
        new("POST", "/Courses/Session/{sessionId}?handler=Roll", [Persona.Office, Persona.Expert]),
        new("POST", "/Courses/Mine/{programmeId}?handler=Studied", ActiveOrganizations, "courseId={courseId}"),
        new("POST", "/Courses/Mine/{programmeId}?handler=Decide", ActiveOrganizations, "choice=Withdraw&reason=matrix&caseVersion=-1"),
        new("POST", "/Courses/Mine/{programmeId}?handler=Electives", ActiveOrganizations, "courseIds={courseId}"),
        // responsible persons are a pool member's (4.5.3): nobody's in the world's programme, which is still in 4.1
        new("POST", "/Courses/Mine/{programmeId}?handler=Persons", Nobody),
        // no organization of the world is on the awareness session's roll (their cases are only applied, or closed)
        new("POST", "/Courses/CheckIn", Nobody, "session={sessionId}&code=000000"),
        // 4.4
        new("POST", "/Assessment/SelfEvaluation/{programmeId}?handler=Save", ActiveOrganizations),
        new("POST", "/Assessment/SelfEvaluation/{programmeId}?handler=Submit", ActiveOrganizations),
        new("POST", "/Assessment/SelfEvaluation/{programmeId}?handler=Upload", ActiveOrganizations),
        new("POST", "/Assessment/{programmeId}?handler=Settings", Office),
        new("POST", "/Assessment/Organization/{programmeId}/{organizationId}?handler=Extend", Office),
        new("POST", "/Assessment/Organization/{programmeId}/{organizationId}?handler=Consensus", Office),
        new("POST", "/Assessment/Organization/{programmeId}/{organizationId}?handler=Release", Office),
        new("POST", "/Assessment/Review/{assignmentId}?handler=Save", [Persona.Expert]),
        new("POST", "/Assessment/Review/{assignmentId}?handler=Submit", [Persona.Expert]),
        new("POST", "/Assessment/Quality/Import/{programmeId}", Office),
        new("POST", "/Assessment/Quality/{programmeId}/{organizationId}?handler=Save", Office),
        new("POST", "/Assessment/Quality/{programmeId}/{organizationId}?handler=AddPenalty", Office),
        new("POST", "/Assessment/Quality/{programmeId}/{organizationId}?handler=RemovePenalty", Office),
        new("POST", "/Assessment/Quality/{programmeId}/{organizationId}?handler=FeedBack", Office),
        new("POST", "/Assessment/Quality/Mine/{programmeId}?handler=Acknowledge", ActiveOrganizations),
        new("POST", "/Pool/{programmeId}?handler=Weights", Office),
        new("POST", "/Pool/{programmeId}?handler=Publish", Office),
        new("POST", "/Pool/Exit/{programmeId}/{organizationId}", Office),
        // 4.6: the other organization names the own organization's visit in the form and is refused
        new("POST", "/SiteVisits/Plan/{programmeId}/{organizationId}", Office),
        new("POST", "/SiteVisits/Visit/{visitId}?handler=Checklist", Office),
        new("POST", "/SiteVisits/Visit/{visitId}?handler=Held", Office),
        new("POST", "/SiteVisits/Visit/{visitId}?handler=Postpone", Office),
        new("POST", "/SiteVisits/Visit/{visitId}?handler=Cancel", Office),
        new("POST", "/SiteVisits/Mine/{programmeId}?handler=Confirm", [Persona.OwnOrganization], "visitId={visitId}&version=0"),
        new("POST", "/SiteVisits/Mine/{programmeId}?handler=Item", [Persona.OwnOrganization], "visitId={visitId}&itemId={visitId}&done=true&version=0"),
        new("POST", "/SiteVisits/Opinion/{visitId}?handler=Save", [Persona.Expert]),
        new("POST", "/SiteVisits/Opinion/{visitId}?handler=PutUp", [Persona.Expert]),
        new("POST", "/SiteVisits/Opinion/{visitId}?handler=Comment", [Persona.Expert]),
        new("POST", "/SiteVisits/Opinion/{visitId}?handler=Sign", [Persona.Expert]),
        new("POST", "/SiteVisits/Opinion/Review/{visitId}?handler=Return", Office),
        new("POST", "/SiteVisits/Opinion/Review/{visitId}?handler=Accept", Office),
        new("POST", "/SiteVisits/Opinion/Review/{visitId}?handler=Release", Office),
        // 4.7
        new("POST", "/Showcase/Mine/{programmeId}?handler=Save", ActiveOrganizations),
        new("POST", "/Showcase/Mine/{programmeId}?handler=Submit", ActiveOrganizations),
        new("POST", "/Showcase/{programmeId}?handler=Event", Office),
        new("POST", "/Showcase/Event/{eventId}?handler=Edit", Office),
        new("POST", "/Showcase/Event/{eventId}?handler=Invite", Office),
        new("POST", "/Showcase/Event/{eventId}?handler=Attendance", Office),
        new("POST", "/Showcase/Event/{eventId}?handler=Upload", Office),
        new("POST", "/Showcase/Profile/{programmeId}/{organizationId}?handler=Rescore", Office),
        new("POST", "/Showcase/Profile/{programmeId}/{organizationId}?handler=Return", Office),
        new("POST", "/Showcase/Profile/{programmeId}/{organizationId}?handler=Approve", Office),
        // 5 and 6
        new("POST", "/Review/Summary/{programmeId}?handler=Save", Office),
        new("POST", "/Review/Summary/{programmeId}?handler=Approve", Office),
        new("POST", "/Review/Summary/{programmeId}?handler=Reopen", Office),
        new("POST", "/Review/Experts/{programmeId}?handler=Rate", Office),
        new("POST", "/Review/Experts/{programmeId}?handler=Decide", Office),
        new("POST", "/Review/Improvements/{programmeId}?handler=Save", Office),
        new("POST", "/Archive/{programmeId}?handler=Seal", Office),
        new("POST", "/Archive/{programmeId}?handler=Rebuild", Office),
        new("POST", "/Archive/{programmeId}?handler=Verify", Office),
        new("POST", "/Archive/{sealedProgrammeId}?handler=DeleteFile", Office, "attachmentId={sealedAttachmentId}"),
    ];

    /// <summary>Rows for what middleware serves outside the route table (so the coverage test does not call them stale).</summary>
    public static readonly Dictionary<string, string> Middleware = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/api-docs/index.html"] = "the API browser (Swagger UI), served by middleware after an Office-only check",
    };

    /// <summary>Routes every persona reaches by design, and why.</summary>
    public static readonly Dictionary<string, string> Exempt = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/Error/{code}"] = "Chinese error page, shown to anyone after an error",
        ["/Account/AccessDenied"] = "the page that tells anyone they were refused (answers 403 by design)",
    };
}
