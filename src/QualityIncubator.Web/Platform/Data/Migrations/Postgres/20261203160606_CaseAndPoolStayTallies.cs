using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityIncubator.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CaseAndPoolStayTallies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // the cases by state and the pool's stays already there (ProgrammeTallies.CountSql at the time of this migration)
            migrationBuilder.Sql("""
                INSERT INTO "ProgrammeTallies" ("ProgrammeId", "Subject", "Key", "Count")
                SELECT "ProgrammeId", 'Case', "State", COUNT(*) FROM "Cases" GROUP BY "ProgrammeId", "State"
                UNION ALL
                SELECT "ProgrammeId", 'PoolStay', CASE WHEN "ExitedAt" IS NULL THEN 'Current' ELSE 'Ended' END, COUNT(*) FROM "PoolMember"
                GROUP BY "ProgrammeId", CASE WHEN "ExitedAt" IS NULL THEN 'Current' ELSE 'Ended' END
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DELETE FROM "ProgrammeTallies" WHERE "Subject" IN ('Case', 'PoolStay')""");
        }
    }
}
