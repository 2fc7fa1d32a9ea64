using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vig.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ServiceLevelClocks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "clock_awaiting",
                table: "referrals",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "clock_due_at",
                table: "referrals",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "clock_overdue_at",
                table: "referrals",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "clock_since",
                table: "referrals",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "clock_target_working_days",
                table: "referrals",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_referrals_clock_due_at",
                table: "referrals",
                column: "clock_due_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_referrals_clock_due_at",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "clock_awaiting",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "clock_due_at",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "clock_overdue_at",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "clock_since",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "clock_target_working_days",
                table: "referrals");
        }
    }
}
