using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Vig.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "referral_number");

            migrationBuilder.CreateTable(
                name: "audit_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    client_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    referral_id = table.Column<Guid>(type: "uuid", nullable: true),
                    correlation_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "concern_categories",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    display_order = table.Column<int>(type: "integer", nullable: false),
                    title = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    description = table.Column<string>(type: "character varying(600)", maxLength: 600, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_concern_categories", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "decline_reasons",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    display_order = table.Column<int>(type: "integer", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_decline_reasons", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                columns: table => new
                {
                    client_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    key = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    response_status = table.Column<int>(type: "integer", nullable: false),
                    response_content_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    response_location = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    response_etag = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    response_body = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_keys", x => new { x.client_id, x.key });
                });

            migrationBuilder.CreateTable(
                name: "referrals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    reference = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    referral_date = table.Column<DateOnly>(type: "date", nullable: true),
                    route_kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    route_reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    referrer_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    referrer_role = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    referrer_from_together_for_families = table.Column<bool>(type: "boolean", nullable: true),
                    referrer_team = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    referrer_currently_involved = table.Column<bool>(type: "boolean", nullable: true),
                    referrer_email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    referrer_phone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    child_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    child_date_of_birth = table.Column<DateOnly>(type: "date", nullable: true),
                    child_born_preterm = table.Column<bool>(type: "boolean", nullable: true),
                    child_gestation_weeks = table.Column<int>(type: "integer", nullable: true),
                    child_has_send = table.Column<bool>(type: "boolean", nullable: true),
                    child_autism = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    child_care_setting = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    child_will_be_filmed = table.Column<bool>(type: "boolean", nullable: true),
                    child_external_case_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    concern_account = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    readiness_assessment_indicates_vig = table.Column<bool>(type: "boolean", nullable: true),
                    readiness_assessment_summary = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    readiness_explainer_video_shown = table.Column<bool>(type: "boolean", nullable: true),
                    readiness_explainer_video_shown_on = table.Column<DateOnly>(type: "date", nullable: true),
                    readiness_professional_network_consulted = table.Column<bool>(type: "boolean", nullable: true),
                    readiness_professional_network_agrees = table.Column<bool>(type: "boolean", nullable: true),
                    views_hoped_for_change = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    views_change_mutually_agreed = table.Column<bool>(type: "boolean", nullable: true),
                    views_impact_on_child = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    views_parent_carer_clear_about_impact = table.Column<bool>(type: "boolean", nullable: true),
                    requested_information = table.Column<string[]>(type: "text[]", nullable: false),
                    decline_reason_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    allocated_to = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    outcome = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    anonymised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referrals", x => x.id);
                    table.ForeignKey(
                        name: "fk_referrals_decline_reasons_decline_reason_code",
                        column: x => x.decline_reason_code,
                        principalTable: "decline_reasons",
                        principalColumn: "code");
                });

            migrationBuilder.CreateTable(
                name: "referral_concerns",
                columns: table => new
                {
                    category_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referral_concerns", x => new { x.referral_id, x.category_code });
                    table.ForeignKey(
                        name: "fk_referral_concerns_concern_categories_category_code",
                        column: x => x.category_code,
                        principalTable: "concern_categories",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_referral_concerns_referrals_referral_id",
                        column: x => x.referral_id,
                        principalTable: "referrals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "referral_consents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    parent_carer_id = table.Column<Guid>(type: "uuid", nullable: true),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    given_on = table.Column<DateOnly>(type: "date", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    withdrawn_on = table.Column<DateOnly>(type: "date", nullable: true),
                    withdrawal_recorded_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    withdrawal_recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    position = table.Column<int>(type: "integer", nullable: false),
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referral_consents", x => x.id);
                    table.ForeignKey(
                        name: "fk_referral_consents_referrals_referral_id",
                        column: x => x.referral_id,
                        principalTable: "referrals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "referral_evaluations",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    policy_version = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    referral_date = table.Column<DateOnly>(type: "date", nullable: false),
                    evaluated_on = table.Column<DateOnly>(type: "date", nullable: false),
                    verdict = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    results = table.Column<string>(type: "jsonb", nullable: false),
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referral_evaluations", x => x.id);
                    table.ForeignKey(
                        name: "fk_referral_evaluations_referrals_referral_id",
                        column: x => x.referral_id,
                        principalTable: "referrals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "referral_parent_carers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    relationship = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    takes_part = table.Column<bool>(type: "boolean", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referral_parent_carers", x => x.id);
                    table.ForeignKey(
                        name: "fk_referral_parent_carers_referrals_referral_id",
                        column: x => x.referral_id,
                        principalTable: "referrals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "referral_status_history",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    from = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    to = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    reason_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referral_status_history", x => x.id);
                    table.ForeignKey(
                        name: "fk_referral_status_history_referrals_referral_id",
                        column: x => x.referral_id,
                        principalTable: "referrals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "concern_categories",
                columns: new[] { "code", "description", "display_order", "title" },
                values: new object[,]
                {
                    { "applying-learning", "The parent or carer needs help to put into everyday family life what they learnt from other interventions or professionals, such as a parenting course or an Early Help Plan.", 4, "Applying learning from other support" },
                    { "autism", "The child or young person is autistic; VIG is recommended in NICE guideline CG170, 'Autism spectrum disorder in under 19s: support and management'.", 10, "Autism" },
                    { "bonding-difficulty", "The parent finds it hard to bond with their baby, or did not have the chance to bond with their child when the child was younger.", 3, "Bonding difficulty" },
                    { "child-point-of-view", "The parent or carer needs help to understand the world as the child experiences it.", 8, "Seeing the child's point of view" },
                    { "emotional-expression", "The parent finds it hard to show their feelings towards the child, or needs help to support the child to manage emotions safely and healthily.", 6, "Expressing and managing emotions" },
                    { "perinatal-mental-health", "The parent has mental health difficulties in pregnancy or after the birth, and may find bonding with the baby hard, particularly when they have been apart.", 1, "Perinatal mental health" },
                    { "positive-family-relationships", "Warmer family relationships are needed to help the child's self-esteem and emotional development.", 7, "Positive family relationships" },
                    { "relationship-not-as-expected", "The relationship the parent or carer is forming with the child is different from the one they hoped for.", 2, "Relationship not as expected" },
                    { "send-complex-cues", "The child's special educational needs and disabilities make their cues and communication harder to read, and the parent or carer needs support and confidence with them.", 9, "SEND and complex cues" },
                    { "strengthening-connection", "Extra help is needed to build connection between parent and child and to give hope for their relationship.", 5, "Strengthening connection and hope" }
                });

            migrationBuilder.InsertData(
                table: "decline_reasons",
                columns: new[] { "code", "display_order", "title" },
                values: new object[,]
                {
                    { "another-service-better-placed", 2, "Another service is better placed to help" },
                    { "duplicate", 4, "The child already has an open VIG referral" },
                    { "family-declined", 3, "The family does not wish to take part" },
                    { "no-response", 5, "The information requested was not provided" },
                    { "not-eligible", 1, "The referral does not meet the acceptance criteria" }
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_occurred_at",
                table: "audit_events",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_referral_id",
                table: "audit_events",
                column: "referral_id");

            migrationBuilder.CreateIndex(
                name: "ix_concern_categories_display_order",
                table: "concern_categories",
                column: "display_order",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_decline_reasons_display_order",
                table: "decline_reasons",
                column: "display_order",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_keys_expires_at",
                table: "idempotency_keys",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_referral_concerns_category_code",
                table: "referral_concerns",
                column: "category_code");

            migrationBuilder.CreateIndex(
                name: "ix_referral_consents_referral_id",
                table: "referral_consents",
                column: "referral_id");

            migrationBuilder.CreateIndex(
                name: "ix_referral_evaluations_referral_id",
                table: "referral_evaluations",
                column: "referral_id");

            migrationBuilder.CreateIndex(
                name: "ix_referral_parent_carers_referral_id",
                table: "referral_parent_carers",
                column: "referral_id");

            migrationBuilder.CreateIndex(
                name: "ix_referral_status_history_referral_id",
                table: "referral_status_history",
                column: "referral_id");

            migrationBuilder.CreateIndex(
                name: "ix_referrals_child_external_case_id",
                table: "referrals",
                column: "child_external_case_id");

            migrationBuilder.CreateIndex(
                name: "ix_referrals_decline_reason_code",
                table: "referrals",
                column: "decline_reason_code");

            migrationBuilder.CreateIndex(
                name: "ix_referrals_reference",
                table: "referrals",
                column: "reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_referrals_referrer_role",
                table: "referrals",
                column: "referrer_role");

            migrationBuilder.CreateIndex(
                name: "ix_referrals_route_kind",
                table: "referrals",
                column: "route_kind");

            migrationBuilder.CreateIndex(
                name: "ix_referrals_status",
                table: "referrals",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_referrals_updated_at_id",
                table: "referrals",
                columns: new[] { "updated_at", "id" });

            // The audit trail is append-only, and the database itself enforces it (hand-written: EF
            // Core has no model for triggers; keep it when migrations are ever squashed again).
            migrationBuilder.Sql("""
                CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'audit_events is append-only: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
                END $$;
                CREATE TRIGGER audit_events_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_events
                    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
                CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_events_no_update_or_delete ON audit_events; DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events; DROP FUNCTION IF EXISTS audit_events_refuse_change();");

            migrationBuilder.DropTable(
                name: "audit_events");

            migrationBuilder.DropTable(
                name: "idempotency_keys");

            migrationBuilder.DropTable(
                name: "referral_concerns");

            migrationBuilder.DropTable(
                name: "referral_consents");

            migrationBuilder.DropTable(
                name: "referral_evaluations");

            migrationBuilder.DropTable(
                name: "referral_parent_carers");

            migrationBuilder.DropTable(
                name: "referral_status_history");

            migrationBuilder.DropTable(
                name: "concern_categories");

            migrationBuilder.DropTable(
                name: "referrals");

            migrationBuilder.DropTable(
                name: "decline_reasons");

            migrationBuilder.DropSequence(
                name: "referral_number");
        }
    }
}
