using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vig.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ServerOwnedParentCarerIdsAndListOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_referral_parent_carers",
                table: "referral_parent_carers");

            migrationBuilder.AddColumn<int>(
                name: "position",
                table: "referral_parent_carers",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "position",
                table: "referral_consents",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Ids were the client's until now, and one could be on two referrals: every copy after the
            // first (by referral id) gets a fresh id, and that referral's consents follow it.
            migrationBuilder.Sql("""
                CREATE TEMP TABLE parent_carer_new_ids AS
                SELECT referral_id, id AS old_id, gen_random_uuid() AS new_id
                FROM (SELECT referral_id, id, row_number() OVER (PARTITION BY id ORDER BY referral_id) AS n
                      FROM referral_parent_carers) AS numbered
                WHERE n > 1;
                UPDATE referral_consents AS c SET parent_carer_id = m.new_id
                FROM parent_carer_new_ids AS m WHERE c.referral_id = m.referral_id AND c.parent_carer_id = m.old_id;
                UPDATE referral_parent_carers AS p SET id = m.new_id
                FROM parent_carer_new_ids AS m WHERE p.referral_id = m.referral_id AND p.id = m.old_id;
                DROP TABLE parent_carer_new_ids;
                """);

            // Rows stored so far have no recorded position: take the order they were written in
            // (parent/carers) and the order they were recorded in (consents).
            migrationBuilder.Sql("""
                UPDATE referral_parent_carers AS p SET position = o.n
                FROM (SELECT id, row_number() OVER (PARTITION BY referral_id ORDER BY ctid) - 1 AS n
                      FROM referral_parent_carers) AS o
                WHERE p.id = o.id;
                UPDATE referral_consents AS c SET position = o.n
                FROM (SELECT id, row_number() OVER (PARTITION BY referral_id ORDER BY recorded_at, id) - 1 AS n
                      FROM referral_consents) AS o
                WHERE c.id = o.id;
                """);

            // A rule result's advice was stored as "message"; it is now "whatToDo", beside its criterion.
            migrationBuilder.Sql("""
                UPDATE referral_evaluations SET results = (
                    SELECT coalesce(jsonb_agg((r - 'message') || jsonb_build_object('whatToDo', r -> 'message') ORDER BY i), '[]'::jsonb)
                    FROM jsonb_array_elements(results) WITH ORDINALITY AS e(r, i))
                WHERE jsonb_path_exists(results, '$[*].message');
                """);

            migrationBuilder.AddPrimaryKey(
                name: "pk_referral_parent_carers",
                table: "referral_parent_carers",
                column: "id");

            migrationBuilder.CreateIndex(
                name: "ix_referral_parent_carers_referral_id",
                table: "referral_parent_carers",
                column: "referral_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_referral_parent_carers",
                table: "referral_parent_carers");

            migrationBuilder.DropIndex(
                name: "ix_referral_parent_carers_referral_id",
                table: "referral_parent_carers");

            migrationBuilder.DropColumn(
                name: "position",
                table: "referral_parent_carers");

            migrationBuilder.DropColumn(
                name: "position",
                table: "referral_consents");

            migrationBuilder.AddPrimaryKey(
                name: "pk_referral_parent_carers",
                table: "referral_parent_carers",
                columns: new[] { "referral_id", "id" });

            migrationBuilder.Sql("""
                UPDATE referral_evaluations SET results = (
                    SELECT coalesce(jsonb_agg((r - 'whatToDo' - 'criterion') || jsonb_build_object('message', r -> 'whatToDo') ORDER BY i), '[]'::jsonb)
                    FROM jsonb_array_elements(results) WITH ORDINALITY AS e(r, i))
                WHERE jsonb_path_exists(results, '$[*].whatToDo');
                """);
        }
    }
}
