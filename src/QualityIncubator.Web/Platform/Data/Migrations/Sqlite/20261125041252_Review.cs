using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityIncubator.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Review : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "ExtendedTo",
                table: "SelfEvaluation",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExtensionReason",
                table: "SelfEvaluation",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReportSectionsJson",
                table: "SelfEvaluation",
                type: "TEXT",
                maxLength: 200000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "PoolPublishedAt",
                table: "Programmes",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RankingWeightsJson",
                table: "Programmes",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReviewSpreadThreshold",
                table: "Programmes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "SelfEvaluationDueOn",
                table: "Programmes",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AdministrativePenalty",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DecidedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Authority = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DecisionNumber = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AmountYuan = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdministrativePenalty", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AdministrativePenalty_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AdministrativePenalty_Programmes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "Programmes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ExpertReview",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssignmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExpertId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Basics = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Strengths = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Improvements = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Innovations = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Results = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ScoresJson = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Total = table.Column<decimal>(type: "TEXT", precision: 6, scale: 1, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExpertReview", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExpertReview_ExpertAssignments_AssignmentId",
                        column: x => x.AssignmentId,
                        principalTable: "ExpertAssignments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ExpertReview_Experts_ExpertId",
                        column: x => x.ExpertId,
                        principalTable: "Experts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ExpertReview_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ExpertReview_Programmes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "Programmes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PoolMember",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EnteredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EnteredBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Rank = table.Column<int>(type: "INTEGER", nullable: true),
                    RankingTotal = table.Column<decimal>(type: "TEXT", precision: 8, scale: 2, nullable: true),
                    SelectionReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ExitedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ExitGround = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ExitReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ExitedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PoolMember", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PoolMember_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PoolMember_Programmes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "Programmes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "QualityAnalysis",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Conclusion = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    FedBackAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FedBackBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    AcknowledgedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QualityAnalysis", x => x.Id);
                    table.ForeignKey(
                        name: "FK_QualityAnalysis_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_QualityAnalysis_Programmes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "Programmes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReviewConsensus",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReleasedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReleasedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Basics = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Strengths = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Improvements = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Innovations = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Results = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ScoresJson = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Total = table.Column<decimal>(type: "TEXT", precision: 6, scale: 1, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewConsensus", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReviewConsensus_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ReviewConsensus_Programmes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "Programmes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AdministrativePenalty_OrganizationId",
                table: "AdministrativePenalty",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_AdministrativePenalty_ProgrammeId_OrganizationId_DecisionNumber",
                table: "AdministrativePenalty",
                columns: new[] { "ProgrammeId", "OrganizationId", "DecisionNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExpertReview_AssignmentId",
                table: "ExpertReview",
                column: "AssignmentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExpertReview_ExpertId",
                table: "ExpertReview",
                column: "ExpertId");

            migrationBuilder.CreateIndex(
                name: "IX_ExpertReview_OrganizationId",
                table: "ExpertReview",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_ExpertReview_ProgrammeId_OrganizationId",
                table: "ExpertReview",
                columns: new[] { "ProgrammeId", "OrganizationId" });

            migrationBuilder.CreateIndex(
                name: "IX_PoolMember_OrganizationId",
                table: "PoolMember",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_PoolMember_ProgrammeId_OrganizationId",
                table: "PoolMember",
                columns: new[] { "ProgrammeId", "OrganizationId" });

            migrationBuilder.CreateIndex(
                name: "IX_QualityAnalysis_OrganizationId",
                table: "QualityAnalysis",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_QualityAnalysis_ProgrammeId_OrganizationId",
                table: "QualityAnalysis",
                columns: new[] { "ProgrammeId", "OrganizationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReviewConsensus_OrganizationId",
                table: "ReviewConsensus",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewConsensus_ProgrammeId_OrganizationId",
                table: "ReviewConsensus",
                columns: new[] { "ProgrammeId", "OrganizationId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AdministrativePenalty");

            migrationBuilder.DropTable(
                name: "ExpertReview");

            migrationBuilder.DropTable(
                name: "PoolMember");

            migrationBuilder.DropTable(
                name: "QualityAnalysis");

            migrationBuilder.DropTable(
                name: "ReviewConsensus");

            migrationBuilder.DropColumn(
                name: "ExtendedTo",
                table: "SelfEvaluation");

            migrationBuilder.DropColumn(
                name: "ExtensionReason",
                table: "SelfEvaluation");

            migrationBuilder.DropColumn(
                name: "ReportSectionsJson",
                table: "SelfEvaluation");

            migrationBuilder.DropColumn(
                name: "PoolPublishedAt",
                table: "Programmes");

            migrationBuilder.DropColumn(
                name: "RankingWeightsJson",
                table: "Programmes");

            migrationBuilder.DropColumn(
                name: "ReviewSpreadThreshold",
                table: "Programmes");

            migrationBuilder.DropColumn(
                name: "SelfEvaluationDueOn",
                table: "Programmes");
        }
    }
}
