using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityIncubator.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class NotSelectedOrderIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_ProgrammeId_State",
                table: "Cases");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_ProgrammeId_State_UpdatedAt_Id",
                table: "Cases",
                columns: new[] { "ProgrammeId", "State", "UpdatedAt", "Id" },
                descending: new[] { false, false, true, false });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_ProgrammeId_State_UpdatedAt_Id",
                table: "Cases");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_ProgrammeId_State",
                table: "Cases",
                columns: new[] { "ProgrammeId", "State" });
        }
    }
}
