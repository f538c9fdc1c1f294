using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityIncubator.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ImprovementCarriedOnce : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Before the index was unique, two carries of one action at the same moment could both be saved. The first continuation
            // (earliest, then lowest id) keeps the link; a later one stays as an action of its programme, no longer marked as carried.
            migrationBuilder.Sql("""
                UPDATE "ImprovementAction" SET "CarriedFromId" = NULL
                WHERE "CarriedFromId" IS NOT NULL AND EXISTS (
                    SELECT 1 FROM "ImprovementAction" AS o
                    WHERE o."CarriedFromId" = "ImprovementAction"."CarriedFromId"
                      AND (o."CreatedAt" < "ImprovementAction"."CreatedAt" OR (o."CreatedAt" = "ImprovementAction"."CreatedAt" AND o."Id" < "ImprovementAction"."Id")));
                """);

            migrationBuilder.DropIndex(
                name: "IX_ImprovementAction_CarriedFromId",
                table: "ImprovementAction");

            migrationBuilder.CreateIndex(
                name: "IX_ImprovementAction_CarriedFromId",
                table: "ImprovementAction",
                column: "CarriedFromId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ImprovementAction_CarriedFromId",
                table: "ImprovementAction");

            migrationBuilder.CreateIndex(
                name: "IX_ImprovementAction_CarriedFromId",
                table: "ImprovementAction",
                column: "CarriedFromId");
        }
    }
}
