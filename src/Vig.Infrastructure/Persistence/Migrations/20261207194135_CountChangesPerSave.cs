using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vig.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// A save's count changes become one row with a jsonb list, not one row per key (ADR 0021): a
    /// create wrote about fourteen rows. Each direction folds the pending changes into referral_counts
    /// first, so no row has to be converted and no count is lost.
    /// </summary>
    public partial class CountChangesPerSave : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                WITH moved AS (DELETE FROM referral_count_changes RETURNING dimension, key, change)
                INSERT INTO referral_counts (dimension, key, count)
                SELECT dimension, key, sum(change) FROM moved GROUP BY dimension, key
                ON CONFLICT (dimension, key) DO UPDATE SET count = referral_counts.count + EXCLUDED.count;

                ALTER TABLE referral_count_changes DROP COLUMN dimension, DROP COLUMN key, DROP COLUMN change,
                                                   ADD COLUMN changes jsonb NOT NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                WITH moved AS (DELETE FROM referral_count_changes RETURNING changes)
                INSERT INTO referral_counts (dimension, key, count)
                SELECT c."Dimension", c."Key", sum(c."Change")
                  FROM moved, jsonb_to_recordset(moved.changes) AS c("Dimension" text, "Key" text, "Change" int)
                 GROUP BY c."Dimension", c."Key"
                ON CONFLICT (dimension, key) DO UPDATE SET count = referral_counts.count + EXCLUDED.count;

                ALTER TABLE referral_count_changes DROP COLUMN changes,
                                                   ADD COLUMN dimension text NOT NULL, ADD COLUMN key text NOT NULL,
                                                   ADD COLUMN change integer NOT NULL;
                """);
        }
    }
}
