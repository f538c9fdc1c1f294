using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityIncubator.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_CaseEvents_ProgrammeId_To",
                table: "CaseEvents",
                columns: new[] { "ProgrammeId", "To" });

            migrationBuilder.CreateIndex(
                name: "IX_Attachments_ProgrammeId",
                table: "Attachments",
                column: "ProgrammeId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CaseEvents_ProgrammeId_To",
                table: "CaseEvents");

            migrationBuilder.DropIndex(
                name: "IX_Attachments_ProgrammeId",
                table: "Attachments");
        }
    }
}
