using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vig.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The same child referred twice (ADR 0030): the pairs of possible duplicates, the child's match name
    /// (worked out by PostgreSQL, for the rows already stored too) indexed with the date of birth, and
    /// what a declined referral duplicates.
    /// </summary>
    public partial class PossibleDuplicates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "duplicate_of",
                table: "referrals",
                type: "uuid",
                nullable: true);

            // NFKD splits "ë" into "e" and a combining mark; the marks of the common blocks (Latin, Greek,
            // Cyrillic) and the invisible format characters are dropped; Latin capitals with no decomposition
            // are lowered by hand, because lower() changes only ASCII under a C collation. Immutable, as a
            // stored generated column needs.
            migrationBuilder.Sql("""
                CREATE FUNCTION vig_child_match_name(name text) RETURNS text
                    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                    RETURN nullif(left(lower(translate(btrim(regexp_replace(
                        regexp_replace(normalize(name, NFKD), '[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]', '', 'g'),
                        '\s+', ' ', 'g')), 'ŁØĐĦŦŊÞÆŒ', 'łøđħŧŋþæœ')), 200), '')
                """);

            migrationBuilder.AddColumn<string>(
                name: "child_match_name",
                table: "referrals",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                computedColumnSql: "CASE WHEN anonymised_at IS NULL THEN vig_child_match_name(child_name) END",
                stored: true);

            migrationBuilder.CreateTable(
                name: "possible_duplicates",
                columns: table => new
                {
                    first_referral_id = table.Column<Guid>(type: "uuid", nullable: false),
                    second_referral_id = table.Column<Guid>(type: "uuid", nullable: false),
                    same_external_case_id = table.Column<bool>(type: "boolean", nullable: false),
                    same_name_and_date_of_birth = table.Column<bool>(type: "boolean", nullable: false),
                    found_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    dismissed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    dismissed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_possible_duplicates", x => new { x.first_referral_id, x.second_referral_id });
                    table.ForeignKey(
                        name: "fk_possible_duplicates_referrals_first_referral_id",
                        column: x => x.first_referral_id,
                        principalTable: "referrals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_possible_duplicates_referrals_second_referral_id",
                        column: x => x.second_referral_id,
                        principalTable: "referrals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_referrals_child_match_name_child_date_of_birth",
                table: "referrals",
                columns: new[] { "child_match_name", "child_date_of_birth" });

            migrationBuilder.CreateIndex(
                name: "ix_possible_duplicates_second_referral_id",
                table: "possible_duplicates",
                column: "second_referral_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "possible_duplicates");

            migrationBuilder.DropIndex(
                name: "ix_referrals_child_match_name_child_date_of_birth",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "child_match_name",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "duplicate_of",
                table: "referrals");

            migrationBuilder.Sql("DROP FUNCTION vig_child_match_name(text)");
        }
    }
}
