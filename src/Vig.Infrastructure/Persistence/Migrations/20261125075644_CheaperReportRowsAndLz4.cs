using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vig.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Cheaper writes (issue 11, after issues 12 to 14): the report-row rebuild keeps its plan, the age
    /// band works the age out once, and the few-kilobyte values written with every create and decision
    /// are compressed with lz4 instead of pglz. Nothing a client sees changes.
    /// </summary>
    public partial class CheaperReportRowsAndLz4 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                -- Two costs found in PostgreSQL's own profile of a create (docs/performance.md):
                --
                -- 1. The rebuild of a referral's report row was planned again on every call. Its statement
                --    takes the ids as an array, and PostgreSQL judged the generic plan dearer than a custom
                --    one, so it never kept a plan: planning was about a sixth of the server's CPU per write.
                --    The one-referral path, taken by every write, now always uses the generic plan (an
                --    index look-up per id). The full rebuild (ids NULL) still plans for its own size.
                ALTER FUNCTION report_row_refresh_once(uuid) SET plan_cache_mode = force_generic_plan;

                -- 2. The age band evaluated the age four times, once per CASE branch: about 70 microseconds
                --    per row. It now works the age out once; the bands are unchanged.
                CREATE OR REPLACE FUNCTION vig_age_band(born date, on_day date) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
                DECLARE years integer;
                BEGIN
                  IF born IS NULL OR on_day IS NULL OR born > on_day THEN
                    RETURN NULL;
                  END IF;
                  years := vig_age_in_years(born, on_day);
                  RETURN CASE WHEN years <= 1 THEN '0-1'
                              WHEN years <= 4 THEN '2-4'
                              WHEN years <= 11 THEN '5-11'
                              WHEN years <= 17 THEN '12-17'
                              ELSE '18+' END;
                END $$;
                """);

            migrationBuilder.AlterColumn<string>(
                name: "results",
                table: "referral_evaluations",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb")
                .Annotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<byte[]>(
                name: "response_body",
                table: "idempotency_keys",
                type: "bytea",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "bytea")
                .Annotation("Npgsql:Compression:", "lz4");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                ALTER FUNCTION report_row_refresh_once(uuid) RESET plan_cache_mode;
                CREATE OR REPLACE FUNCTION vig_age_band(born date, on_day date) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                  SELECT CASE WHEN born IS NULL OR on_day IS NULL OR born > on_day THEN NULL
                              WHEN vig_age_in_years(born, on_day) <= 1 THEN '0-1'
                              WHEN vig_age_in_years(born, on_day) <= 4 THEN '2-4'
                              WHEN vig_age_in_years(born, on_day) <= 11 THEN '5-11'
                              WHEN vig_age_in_years(born, on_day) <= 17 THEN '12-17'
                              ELSE '18+' END
                $$;
                """);

            migrationBuilder.AlterColumn<string>(
                name: "results",
                table: "referral_evaluations",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb")
                .OldAnnotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<byte[]>(
                name: "response_body",
                table: "idempotency_keys",
                type: "bytea",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "bytea")
                .OldAnnotation("Npgsql:Compression:", "lz4");
        }
    }
}
