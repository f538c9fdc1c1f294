using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityIncubator.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ApplicationListPageIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Applications_ProgrammeId_Status_OrganizationName",
                table: "Applications");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_ProgrammeId_Status_OrganizationName_Id",
                table: "Applications",
                columns: new[] { "ProgrammeId", "Status", "OrganizationName", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Applications_ProgrammeId_Status_OrganizationName_Id",
                table: "Applications");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_ProgrammeId_Status_OrganizationName",
                table: "Applications",
                columns: new[] { "ProgrammeId", "Status", "OrganizationName" });
        }
    }
}
