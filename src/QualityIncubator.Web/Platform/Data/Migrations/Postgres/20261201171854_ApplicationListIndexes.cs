using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityIncubator.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ApplicationListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Applications_ProgrammeId_Status",
                table: "Applications");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_ProgrammeId_Status_Decision",
                table: "Applications",
                columns: new[] { "ProgrammeId", "Status", "Decision" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_ProgrammeId_Status_OrganizationName",
                table: "Applications",
                columns: new[] { "ProgrammeId", "Status", "OrganizationName" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Applications_ProgrammeId_Status_Decision",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_ProgrammeId_Status_OrganizationName",
                table: "Applications");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_ProgrammeId_Status",
                table: "Applications",
                columns: new[] { "ProgrammeId", "Status" });
        }
    }
}
