using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Vig.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ReferralEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "referral_events",
                columns: table => new
                {
                    position = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false),
                    reference = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    owning_client = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    verdict = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    reason_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    transaction_id = table.Column<ulong>(type: "xid8", nullable: false, defaultValueSql: "pg_current_xact_id()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referral_events", x => x.position);
                });

            migrationBuilder.CreateIndex(
                name: "ix_referral_events_id",
                table: "referral_events",
                column: "id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_referral_events_owning_client_transaction_id_position",
                table: "referral_events",
                columns: new[] { "owning_client", "transaction_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_referral_events_transaction_id_position",
                table: "referral_events",
                columns: new[] { "transaction_id", "position" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "referral_events");
        }
    }
}
