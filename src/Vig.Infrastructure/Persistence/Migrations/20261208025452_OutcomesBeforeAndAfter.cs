using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vig.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Outcomes measured before and after VIG (ADR 0033): every form already kept is a form before VIG
    /// (written into its jsonb item, so a stored form says what it is), and the report rows keep each
    /// referral's measured changes, empty for every referral so far since no form after VIG existed.
    /// </summary>
    public partial class OutcomesBeforeAndAfter : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "outcome_changes",
                table: "referral_report_rows",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'[]'::jsonb");

            migrationBuilder.Sql("""
                UPDATE referrals
                   SET questionnaires = (SELECT jsonb_agg(e.form || '{"Timepoint": "Before"}'::jsonb ORDER BY e.n)
                                           FROM jsonb_array_elements(questionnaires) WITH ORDINALITY AS e(form, n))
                 WHERE jsonb_typeof(questionnaires) = 'array' AND jsonb_array_length(questionnaires) > 0
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE referrals
                   SET questionnaires = (SELECT jsonb_agg(e.form - 'Timepoint' ORDER BY e.n)
                                           FROM jsonb_array_elements(questionnaires) WITH ORDINALITY AS e(form, n))
                 WHERE jsonb_typeof(questionnaires) = 'array' AND jsonb_array_length(questionnaires) > 0
                """);

            migrationBuilder.DropColumn(
                name: "outcome_changes",
                table: "referral_report_rows");
        }
    }
}
