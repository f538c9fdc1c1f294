using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityIncubator.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExpertTaskOrderIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ExpertAssignments_ExpertId_Status",
                table: "ExpertAssignments");

            migrationBuilder.CreateIndex(
                name: "IX_ExpertAssignments_ExpertId_Status_CreatedAt_Id",
                table: "ExpertAssignments",
                columns: new[] { "ExpertId", "Status", "CreatedAt", "Id" },
                descending: new[] { false, false, true, false });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ExpertAssignments_ExpertId_Status_CreatedAt_Id",
                table: "ExpertAssignments");

            migrationBuilder.CreateIndex(
                name: "IX_ExpertAssignments_ExpertId_Status",
                table: "ExpertAssignments",
                columns: new[] { "ExpertId", "Status" });
        }
    }
}
