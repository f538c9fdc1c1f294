using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityIncubator.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PoolMemberOrderIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PoolMember_ProgrammeId_OrganizationId",
                table: "PoolMember");

            migrationBuilder.CreateIndex(
                name: "IX_PoolMember_Current",
                table: "PoolMember",
                columns: new[] { "ProgrammeId", "EnteredAt", "Rank", "OrganizationId", "Id" },
                descending: new[] { false, true, false, false, false },
                filter: "\"ExitedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_PoolMember_ProgrammeId_OrganizationId",
                table: "PoolMember",
                columns: new[] { "ProgrammeId", "OrganizationId", "EnteredAt", "ExitedAt", "Rank", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PoolMember_Current",
                table: "PoolMember");

            migrationBuilder.DropIndex(
                name: "IX_PoolMember_ProgrammeId_OrganizationId",
                table: "PoolMember");

            migrationBuilder.CreateIndex(
                name: "IX_PoolMember_ProgrammeId_OrganizationId",
                table: "PoolMember",
                columns: new[] { "ProgrammeId", "OrganizationId" });
        }
    }
}
