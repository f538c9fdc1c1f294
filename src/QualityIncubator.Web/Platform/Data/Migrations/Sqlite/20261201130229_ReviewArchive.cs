using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityIncubator.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReviewArchive : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ReturnCount",
                table: "SiteVisitOpinion",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "SuspendedRoles",
                table: "Experts",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ExpertRating",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExpertId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExpertRating", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExpertRating_Experts_ExpertId",
                        column: x => x.ExpertId,
                        principalTable: "Experts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ExpertRating_Programmes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "Programmes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ExpertTeamDecision",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExpertId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExpertTeamDecision", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExpertTeamDecision_Experts_ExpertId",
                        column: x => x.ExpertId,
                        principalTable: "Experts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ExpertTeamDecision_Programmes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "Programmes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ImprovementAction",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Area = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CarriedFromId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImprovementAction", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImprovementAction_ImprovementAction_CarriedFromId",
                        column: x => x.CarriedFromId,
                        principalTable: "ImprovementAction",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ImprovementAction_Programmes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "Programmes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ProgrammeArchive",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SealedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SealedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RetentionYears = table.Column<int>(type: "INTEGER", nullable: false),
                    RetainUntil = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    SealedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    AuditSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TotalSteps = table.Column<int>(type: "INTEGER", nullable: false),
                    DoneSteps = table.Column<int>(type: "INTEGER", nullable: false),
                    CurrentStep = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    BuilderInstance = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    HeartbeatAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PackagePath = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    PackageSize = table.Column<long>(type: "INTEGER", nullable: true),
                    PackageSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ManifestSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    EntryCount = table.Column<int>(type: "INTEGER", nullable: false),
                    BuiltAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Restored = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgrammeArchive", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProgrammeArchive_Programmes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "Programmes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ProgrammeSummary",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OverallEvaluation = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    CourseSetupEvaluation = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    SiteVisitEvaluation = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    ShowcaseEvaluation = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    FormsEvaluation = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    ImprovementSuggestions = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    FactsJson = table.Column<string>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ApprovedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ApprovedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgrammeSummary", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProgrammeSummary_Programmes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "Programmes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ExpertRating_ExpertId",
                table: "ExpertRating",
                column: "ExpertId");

            migrationBuilder.CreateIndex(
                name: "IX_ExpertRating_ProgrammeId_ExpertId_Role",
                table: "ExpertRating",
                columns: new[] { "ProgrammeId", "ExpertId", "Role" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExpertTeamDecision_ExpertId",
                table: "ExpertTeamDecision",
                column: "ExpertId");

            migrationBuilder.CreateIndex(
                name: "IX_ExpertTeamDecision_ProgrammeId_ExpertId_Role",
                table: "ExpertTeamDecision",
                columns: new[] { "ProgrammeId", "ExpertId", "Role" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ImprovementAction_CarriedFromId",
                table: "ImprovementAction",
                column: "CarriedFromId");

            migrationBuilder.CreateIndex(
                name: "IX_ImprovementAction_ProgrammeId_Status",
                table: "ImprovementAction",
                columns: new[] { "ProgrammeId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ProgrammeArchive_ProgrammeId",
                table: "ProgrammeArchive",
                column: "ProgrammeId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProgrammeArchive_Status",
                table: "ProgrammeArchive",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_ProgrammeSummary_ProgrammeId",
                table: "ProgrammeSummary",
                column: "ProgrammeId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ExpertRating");

            migrationBuilder.DropTable(
                name: "ExpertTeamDecision");

            migrationBuilder.DropTable(
                name: "ImprovementAction");

            migrationBuilder.DropTable(
                name: "ProgrammeArchive");

            migrationBuilder.DropTable(
                name: "ProgrammeSummary");

            migrationBuilder.DropColumn(
                name: "ReturnCount",
                table: "SiteVisitOpinion");

            migrationBuilder.DropColumn(
                name: "SuspendedRoles",
                table: "Experts");
        }
    }
}
