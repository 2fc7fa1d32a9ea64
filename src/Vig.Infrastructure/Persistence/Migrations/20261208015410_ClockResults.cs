using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vig.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ClockResults : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Referrals stored before have stopped no clock yet (ADR 0032): an empty list, not "".
            migrationBuilder.AddColumn<string>(
                name: "clock_results",
                table: "referrals",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.CreateTable(
                name: "referral_clock_rows",
                columns: table => new
                {
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    stopped_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    stopped_on = table.Column<DateOnly>(type: "date", nullable: false),
                    moved_to = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    target_working_days = table.Column<int>(type: "integer", nullable: false),
                    working_days = table.Column<int>(type: "integer", nullable: false),
                    within_target = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("referral_clock_rows_pkey", x => new { x.referral_id, x.kind, x.since });
                    table.ForeignKey(
                        name: "referral_clock_rows_referral_id_fkey",
                        column: x => x.referral_id,
                        principalTable: "referrals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_referral_clock_rows_kind_stopped_on",
                table: "referral_clock_rows",
                columns: new[] { "kind", "stopped_on" })
                .Annotation("Npgsql:IndexInclude", new[] { "moved_to", "working_days", "within_target" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "referral_clock_rows");

            migrationBuilder.DropColumn(
                name: "clock_results",
                table: "referrals");
        }
    }
}
