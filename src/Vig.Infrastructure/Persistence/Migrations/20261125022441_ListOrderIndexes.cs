using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vig.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ListOrderIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_referrals_status",
                table: "referrals");

            migrationBuilder.CreateIndex(
                name: "ix_referrals_created_by_updated_at_id",
                table: "referrals",
                columns: new[] { "created_by", "updated_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_referrals_status_updated_at_id",
                table: "referrals",
                columns: new[] { "status", "updated_at", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_referrals_created_by_updated_at_id",
                table: "referrals");

            migrationBuilder.DropIndex(
                name: "ix_referrals_status_updated_at_id",
                table: "referrals");

            migrationBuilder.CreateIndex(
                name: "ix_referrals_status",
                table: "referrals",
                column: "status");
        }
    }
}
