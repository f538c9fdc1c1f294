using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityIncubator.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Experts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Experts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Employer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    EmployerCreditCode = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: true),
                    Title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Mobile = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Industries = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Specialties = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    IsLecturer = table.Column<bool>(type: "boolean", nullable: false),
                    IsReportReviewer = table.Column<bool>(type: "boolean", nullable: false),
                    IsSiteCoach = table.Column<bool>(type: "boolean", nullable: false),
                    ExaminerCertificate = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    AwardReviewExperience = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    YearsOfExperience = table.Column<int>(type: "integer", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Experts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ExpertConflicts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ExpertId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreditCode = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: true),
                    OrganizationName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    From = table.Column<DateOnly>(type: "date", nullable: true),
                    To = table.Column<DateOnly>(type: "date", nullable: true),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    DeclaredByOffice = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExpertConflicts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExpertConflicts_Experts_ExpertId",
                        column: x => x.ExpertId,
                        principalTable: "Experts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ExpertPledges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ExpertId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "uuid", nullable: false),
                    SignedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    TextVersion = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TextSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExpertPledges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExpertPledges_Experts_ExpertId",
                        column: x => x.ExpertId,
                        principalTable: "Experts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ExpertPledges_Programmes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "Programmes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ExpertUnavailability",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ExpertId = table.Column<Guid>(type: "uuid", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExpertUnavailability", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExpertUnavailability_Experts_ExpertId",
                        column: x => x.ExpertId,
                        principalTable: "Experts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ExpertConflicts_CreditCode",
                table: "ExpertConflicts",
                column: "CreditCode");

            migrationBuilder.CreateIndex(
                name: "IX_ExpertConflicts_ExpertId",
                table: "ExpertConflicts",
                column: "ExpertId");

            migrationBuilder.CreateIndex(
                name: "IX_ExpertPledges_ExpertId_ProgrammeId",
                table: "ExpertPledges",
                columns: new[] { "ExpertId", "ProgrammeId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExpertPledges_ProgrammeId",
                table: "ExpertPledges",
                column: "ProgrammeId");

            migrationBuilder.CreateIndex(
                name: "IX_Experts_Name",
                table: "Experts",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_Experts_Status",
                table: "Experts",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_Experts_UserId",
                table: "Experts",
                column: "UserId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExpertUnavailability_ExpertId_Date",
                table: "ExpertUnavailability",
                columns: new[] { "ExpertId", "Date" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ExpertConflicts");

            migrationBuilder.DropTable(
                name: "ExpertPledges");

            migrationBuilder.DropTable(
                name: "ExpertUnavailability");

            migrationBuilder.DropTable(
                name: "Experts");
        }
    }
}
