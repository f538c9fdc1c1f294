using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityIncubator.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ProgrammeTallies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ProgrammeTallies",
                columns: table => new
                {
                    ProgrammeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Subject = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Key = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgrammeTallies", x => new { x.ProgrammeId, x.Subject, x.Key });
                    table.ForeignKey(
                        name: "FK_ProgrammeTallies_Programmes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "Programmes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // the tallies of the applications already there (ProgrammeTallies.CountSql at the time of this migration)
            migrationBuilder.Sql("""
                INSERT INTO "ProgrammeTallies" ("ProgrammeId", "Subject", "Key", "Count")
                SELECT "ProgrammeId", 'Application', "Status" || '/' || "Decision", COUNT(*) FROM "Applications" GROUP BY "ProgrammeId", "Status", "Decision"
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProgrammeTallies");
        }
    }
}
