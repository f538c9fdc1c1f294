using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityIncubator.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PoolMemberExitedIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_PoolMember_Exited",
                table: "PoolMember",
                columns: new[] { "ProgrammeId", "OrganizationId" },
                filter: "\"ExitedAt\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PoolMember_Exited",
                table: "PoolMember");
        }
    }
}
