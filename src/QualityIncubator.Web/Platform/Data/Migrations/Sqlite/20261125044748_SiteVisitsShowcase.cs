using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityIncubator.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SiteVisitsShowcase : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ExchangeEvent",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    StartsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    HostOrganization = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExchangeEvent", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExchangeEvent_Programmes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "Programmes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ShowcaseProfile",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Narrative = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    ManagementModel = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    ImprovementActions = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    RescoreJson = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    RescoreTotal = table.Column<decimal>(type: "TEXT", precision: 6, scale: 1, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ReturnComment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ApprovedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ApprovedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    PublicConsent = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShowcaseProfile", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ShowcaseProfile_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ShowcaseProfile_Programmes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "Programmes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SiteVisit",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StartsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Format = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    AttendeesConfirmedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AttendeesConfirmedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    HeldAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SiteVisit", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SiteVisit_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SiteVisit_Programmes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "Programmes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ExchangeAttendance",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EventId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Participants = table.Column<int>(type: "INTEGER", nullable: true),
                    Attended = table.Column<bool>(type: "INTEGER", nullable: true),
                    Presented = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExchangeAttendance", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExchangeAttendance_ExchangeEvent_EventId",
                        column: x => x.EventId,
                        principalTable: "ExchangeEvent",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ExchangeAttendance_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SiteVisitAttendee",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    VisitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Side = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ExpertId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ResponsiblePersonId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Confirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Attended = table.Column<bool>(type: "INTEGER", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SiteVisitAttendee", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SiteVisitAttendee_Experts_ExpertId",
                        column: x => x.ExpertId,
                        principalTable: "Experts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SiteVisitAttendee_SiteVisit_VisitId",
                        column: x => x.VisitId,
                        principalTable: "SiteVisit",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SiteVisitChange",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    VisitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    FromStartsAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ToStartsAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SiteVisitChange", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SiteVisitChange_SiteVisit_VisitId",
                        column: x => x.VisitId,
                        principalTable: "SiteVisit",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SiteVisitChecklistItem",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    VisitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Done = table.Column<bool>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    DoneAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SiteVisitChecklistItem", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SiteVisitChecklistItem_SiteVisit_VisitId",
                        column: x => x.VisitId,
                        principalTable: "SiteVisit",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SiteVisitOpinion",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    VisitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Basics = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Strengths = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Improvements = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ManagementModel = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LeadExpertId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TextHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReturnComment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ReturnedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AcceptedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AcceptedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ReleasedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReleasedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SiteVisitOpinion", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SiteVisitOpinion_Experts_LeadExpertId",
                        column: x => x.LeadExpertId,
                        principalTable: "Experts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SiteVisitOpinion_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SiteVisitOpinion_Programmes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "Programmes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SiteVisitOpinion_SiteVisit_VisitId",
                        column: x => x.VisitId,
                        principalTable: "SiteVisit",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "OpinionComment",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OpinionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExpertId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExpertName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OpinionComment", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OpinionComment_SiteVisitOpinion_OpinionId",
                        column: x => x.OpinionId,
                        principalTable: "SiteVisitOpinion",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OpinionSignature",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OpinionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExpertId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SignedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    TextHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Void = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OpinionSignature", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OpinionSignature_SiteVisitOpinion_OpinionId",
                        column: x => x.OpinionId,
                        principalTable: "SiteVisitOpinion",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ExchangeAttendance_EventId_OrganizationId",
                table: "ExchangeAttendance",
                columns: new[] { "EventId", "OrganizationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExchangeAttendance_OrganizationId",
                table: "ExchangeAttendance",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_ExchangeEvent_ProgrammeId_StartsAt",
                table: "ExchangeEvent",
                columns: new[] { "ProgrammeId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_OpinionComment_OpinionId_At",
                table: "OpinionComment",
                columns: new[] { "OpinionId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_OpinionSignature_OpinionId_ExpertId",
                table: "OpinionSignature",
                columns: new[] { "OpinionId", "ExpertId" });

            migrationBuilder.CreateIndex(
                name: "IX_ShowcaseProfile_OrganizationId",
                table: "ShowcaseProfile",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_ShowcaseProfile_ProgrammeId_OrganizationId",
                table: "ShowcaseProfile",
                columns: new[] { "ProgrammeId", "OrganizationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SiteVisit_OrganizationId",
                table: "SiteVisit",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_SiteVisit_ProgrammeId_OrganizationId",
                table: "SiteVisit",
                columns: new[] { "ProgrammeId", "OrganizationId" });

            migrationBuilder.CreateIndex(
                name: "IX_SiteVisit_ProgrammeId_StartsAt",
                table: "SiteVisit",
                columns: new[] { "ProgrammeId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SiteVisitAttendee_ExpertId",
                table: "SiteVisitAttendee",
                column: "ExpertId");

            migrationBuilder.CreateIndex(
                name: "IX_SiteVisitAttendee_VisitId",
                table: "SiteVisitAttendee",
                column: "VisitId");

            migrationBuilder.CreateIndex(
                name: "IX_SiteVisitChange_VisitId_At",
                table: "SiteVisitChange",
                columns: new[] { "VisitId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_SiteVisitChecklistItem_VisitId_SortOrder",
                table: "SiteVisitChecklistItem",
                columns: new[] { "VisitId", "SortOrder" });

            migrationBuilder.CreateIndex(
                name: "IX_SiteVisitOpinion_LeadExpertId",
                table: "SiteVisitOpinion",
                column: "LeadExpertId");

            migrationBuilder.CreateIndex(
                name: "IX_SiteVisitOpinion_OrganizationId",
                table: "SiteVisitOpinion",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_SiteVisitOpinion_ProgrammeId_OrganizationId",
                table: "SiteVisitOpinion",
                columns: new[] { "ProgrammeId", "OrganizationId" });

            migrationBuilder.CreateIndex(
                name: "IX_SiteVisitOpinion_VisitId",
                table: "SiteVisitOpinion",
                column: "VisitId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ExchangeAttendance");

            migrationBuilder.DropTable(
                name: "OpinionComment");

            migrationBuilder.DropTable(
                name: "OpinionSignature");

            migrationBuilder.DropTable(
                name: "ShowcaseProfile");

            migrationBuilder.DropTable(
                name: "SiteVisitAttendee");

            migrationBuilder.DropTable(
                name: "SiteVisitChange");

            migrationBuilder.DropTable(
                name: "SiteVisitChecklistItem");

            migrationBuilder.DropTable(
                name: "ExchangeEvent");

            migrationBuilder.DropTable(
                name: "SiteVisitOpinion");

            migrationBuilder.DropTable(
                name: "SiteVisit");
        }
    }
}
