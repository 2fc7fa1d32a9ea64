using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Vig.Infrastructure.Persistence.Migrations
{
    /// <summary>A referral is one row (ADR 0023): its lists move from their tables into jsonb columns of referrals.</summary>
    public partial class OneRowReferrals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string[]>(
                name: "concerns",
                table: "referrals",
                type: "text[]",
                nullable: false,
                defaultValue: new string[0]);

            migrationBuilder.AddColumn<string>(
                name: "consents",
                table: "referrals",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "evaluations",
                table: "referrals",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "history",
                table: "referrals",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "parent_carers",
                table: "referrals",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "questionnaires",
                table: "referrals",
                type: "jsonb",
                nullable: true);

            // Each referral's lists move into its own row, in the order the aggregate keeps them, as EF
            // Core writes them: property names as in C#, enums by name, instants in UTC. Rule results and
            // questionnaire answers were kept as System.Text.Json wrote them (camelCase, enums as numbers).
            // The report rows stay as they are: ReportRowsInCSharp (ADR 0021) computes them in C# from now on.
            migrationBuilder.Sql(
                """
                UPDATE referrals r SET
                  concerns = ARRAY(SELECT c.category_code FROM referral_concerns c WHERE c.referral_id = r.id ORDER BY c.category_code),
                  parent_carers = coalesce((
                    SELECT jsonb_agg(jsonb_build_object('Id', p.id, 'Name', p.name, 'Relationship', p.relationship, 'TakesPart', p.takes_part) ORDER BY p.position)
                      FROM referral_parent_carers p WHERE p.referral_id = r.id), '[]'),
                  consents = coalesce((
                    SELECT jsonb_agg(jsonb_build_object(
                             'Id', c.id, 'ParentCarerId', c.parent_carer_id, 'Kind', c.kind, 'GivenOn', to_char(c.given_on, 'YYYY-MM-DD'),
                             'RecordedBy', c.recorded_by, 'RecordedAt', to_char(c.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'),
                             'WithdrawnOn', to_char(c.withdrawn_on, 'YYYY-MM-DD'), 'WithdrawalRecordedBy', c.withdrawal_recorded_by,
                             'WithdrawalRecordedAt', to_char(c.withdrawal_recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')) ORDER BY c.position)
                      FROM referral_consents c WHERE c.referral_id = r.id), '[]'),
                  history = coalesce((
                    SELECT jsonb_agg(jsonb_build_object(
                             'From', h."from", 'To', h."to", 'At', to_char(h.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'), 'By', h.by,
                             'ReasonCode', h.reason_code, 'Comment', h.comment) ORDER BY h.id)
                      FROM referral_status_history h WHERE h.referral_id = r.id), '[]'),
                  evaluations = coalesce((
                    SELECT jsonb_agg(jsonb_build_object(
                             'PolicyVersion', e.policy_version, 'ReferralDate', to_char(e.referral_date, 'YYYY-MM-DD'),
                             'EvaluatedOn', to_char(e.evaluated_on, 'YYYY-MM-DD'), 'Verdict', e.verdict,
                             'Results', coalesce((
                               SELECT jsonb_agg(jsonb_build_object(
                                        'Code', x ->> 'code',
                                        'Kind', CASE x ->> 'kind' WHEN '0' THEN 'Eligibility' WHEN '1' THEN 'Information' ELSE x ->> 'kind' END,
                                        'Outcome', CASE x ->> 'outcome' WHEN '0' THEN 'Met' WHEN '1' THEN 'NotMet' WHEN '2' THEN 'Missing' ELSE x ->> 'outcome' END,
                                        'Criterion', coalesce(x ->> 'criterion', ''),
                                        'WhatToDo', x ->> 'whatToDo') ORDER BY n)
                                 FROM jsonb_array_elements(e.results) WITH ORDINALITY AS t(x, n)), '[]')) ORDER BY e.id)
                      FROM referral_evaluations e WHERE e.referral_id = r.id), '[]'),
                  questionnaires = coalesce((
                    SELECT jsonb_agg(jsonb_build_object(
                             'QuestionnaireId', q.questionnaire_id, 'QuestionnaireVersion', q.questionnaire_version,
                             'ParentCarerId', q.parent_carer_id, 'CompletedOn', to_char(q.completed_on, 'YYYY-MM-DD'),
                             'Answers', coalesce((
                               SELECT jsonb_agg(jsonb_build_object('Item', (a ->> 'item')::int, 'Answer', (a ->> 'answer')::int) ORDER BY n)
                                 FROM jsonb_array_elements(q.answers) WITH ORDINALITY AS t(a, n)), '[]'),
                             'Scores', coalesce((
                               SELECT jsonb_agg(jsonb_build_object('Code', s ->> 'code', 'Name', s ->> 'name', 'Score', (s ->> 'score')::numeric, 'Reading', s ->> 'reading') ORDER BY n)
                                 FROM jsonb_array_elements(q.scores) WITH ORDINALITY AS t(s, n)), '[]'),
                             'RecordedBy', q.recorded_by, 'RecordedAt', to_char(q.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')) ORDER BY q.id)
                      FROM referral_questionnaires q WHERE q.referral_id = r.id), '[]');
                """);

            migrationBuilder.DropTable(
                name: "referral_concerns");

            migrationBuilder.DropTable(
                name: "referral_consents");

            migrationBuilder.DropTable(
                name: "referral_evaluations");

            migrationBuilder.DropTable(
                name: "referral_parent_carers");

            migrationBuilder.DropTable(
                name: "referral_questionnaires");

            migrationBuilder.DropTable(
                name: "referral_status_history");

            // The lists hold a few kilobytes, rewritten by every change: lz4 costs a fraction of pglz's CPU
            // (docs/performance.md). EF Core's model does not carry this for JSON columns, so it is set here.
            migrationBuilder.Sql(
                """
                ALTER TABLE referrals
                  ALTER COLUMN parent_carers SET COMPRESSION lz4, ALTER COLUMN consents SET COMPRESSION lz4,
                  ALTER COLUMN history SET COMPRESSION lz4, ALTER COLUMN evaluations SET COMPRESSION lz4,
                  ALTER COLUMN questionnaires SET COMPRESSION lz4;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_referrals_concerns",
                table: "referrals",
                column: "concerns")
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <summary>Moves each list back into its table of the previous schema.</summary>
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "referral_concerns",
                columns: table => new
                {
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false),
                    category_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
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
                    given_on = table.Column<DateOnly>(type: "date", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    parent_carer_id = table.Column<Guid>(type: "uuid", nullable: true),
                    position = table.Column<int>(type: "integer", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false),
                    withdrawal_recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    withdrawal_recorded_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    withdrawn_on = table.Column<DateOnly>(type: "date", nullable: true)
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
                    evaluated_on = table.Column<DateOnly>(type: "date", nullable: false),
                    policy_version = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    referral_date = table.Column<DateOnly>(type: "date", nullable: false),
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false),
                    results = table.Column<string>(type: "jsonb", nullable: false)
                        .Annotation("Npgsql:Compression:", "lz4"),
                    verdict = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false)
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
                    position = table.Column<int>(type: "integer", nullable: false),
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false),
                    relationship = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    takes_part = table.Column<bool>(type: "boolean", nullable: false)
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
                name: "referral_questionnaires",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    answers = table.Column<string>(type: "jsonb", nullable: false),
                    completed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    parent_carer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    questionnaire_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    questionnaire_version = table.Column<int>(type: "integer", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scores = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referral_questionnaires", x => x.id);
                    table.ForeignKey(
                        name: "fk_referral_questionnaires_referrals_referral_id",
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
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    from = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    reason_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false),
                    to = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false)
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
                name: "ix_referral_questionnaires_referral_id",
                table: "referral_questionnaires",
                column: "referral_id");

            migrationBuilder.CreateIndex(
                name: "ix_referral_status_history_referral_id",
                table: "referral_status_history",
                column: "referral_id");

            // Each list back into its table, as the previous release wrote it: positions and identity ids
            // in list order, rule results and questionnaire answers as System.Text.Json wrote them
            // (camelCase, enums as numbers).
            migrationBuilder.Sql(
                """
                INSERT INTO referral_parent_carers (id, referral_id, name, relationship, takes_part, position)
                SELECT (p ->> 'Id')::uuid, r.id, p ->> 'Name', p ->> 'Relationship', (p ->> 'TakesPart')::boolean, (n - 1)::int
                  FROM referrals r, jsonb_array_elements(coalesce(r.parent_carers, '[]')) WITH ORDINALITY AS t(p, n);
                INSERT INTO referral_concerns (referral_id, category_code)
                SELECT r.id, c FROM referrals r, unnest(r.concerns) AS c;
                INSERT INTO referral_consents (id, referral_id, parent_carer_id, kind, given_on, recorded_by, recorded_at,
                                               withdrawn_on, withdrawal_recorded_by, withdrawal_recorded_at, position)
                SELECT (c ->> 'Id')::uuid, r.id, (c ->> 'ParentCarerId')::uuid, c ->> 'Kind', (c ->> 'GivenOn')::date, c ->> 'RecordedBy',
                       (c ->> 'RecordedAt')::timestamptz, (c ->> 'WithdrawnOn')::date, c ->> 'WithdrawalRecordedBy',
                       (c ->> 'WithdrawalRecordedAt')::timestamptz, (n - 1)::int
                  FROM referrals r, jsonb_array_elements(coalesce(r.consents, '[]')) WITH ORDINALITY AS t(c, n);
                INSERT INTO referral_status_history ("from", "to", at, by, reason_code, comment, referral_id)
                SELECT h ->> 'From', h ->> 'To', (h ->> 'At')::timestamptz, h ->> 'By', h ->> 'ReasonCode', h ->> 'Comment', r.id
                  FROM referrals r, jsonb_array_elements(coalesce(r.history, '[]')) WITH ORDINALITY AS t(h, n)
                 ORDER BY r.id, n;
                INSERT INTO referral_evaluations (policy_version, referral_date, evaluated_on, verdict, results, referral_id)
                SELECT e ->> 'PolicyVersion', (e ->> 'ReferralDate')::date, (e ->> 'EvaluatedOn')::date, e ->> 'Verdict',
                       coalesce((SELECT jsonb_agg(jsonb_build_object(
                                  'code', x ->> 'Code',
                                  'kind', CASE x ->> 'Kind' WHEN 'Eligibility' THEN 0 ELSE 1 END,
                                  'outcome', CASE x ->> 'Outcome' WHEN 'Met' THEN 0 WHEN 'NotMet' THEN 1 ELSE 2 END,
                                  'criterion', x ->> 'Criterion', 'whatToDo', x -> 'WhatToDo') ORDER BY m)
                                   FROM jsonb_array_elements(e -> 'Results') WITH ORDINALITY AS u(x, m)), '[]'),
                       r.id
                  FROM referrals r, jsonb_array_elements(coalesce(r.evaluations, '[]')) WITH ORDINALITY AS t(e, n)
                 ORDER BY r.id, n;
                INSERT INTO referral_questionnaires (questionnaire_id, questionnaire_version, parent_carer_id, completed_on, answers, scores,
                                                     recorded_by, recorded_at, referral_id)
                SELECT q ->> 'QuestionnaireId', (q ->> 'QuestionnaireVersion')::int, (q ->> 'ParentCarerId')::uuid, (q ->> 'CompletedOn')::date,
                       coalesce((SELECT jsonb_agg(jsonb_build_object('item', a -> 'Item', 'answer', a -> 'Answer') ORDER BY m)
                                   FROM jsonb_array_elements(q -> 'Answers') WITH ORDINALITY AS u(a, m)), '[]'),
                       coalesce((SELECT jsonb_agg(jsonb_build_object('code', x -> 'Code', 'name', x -> 'Name', 'score', x -> 'Score', 'reading', x -> 'Reading') ORDER BY m)
                                   FROM jsonb_array_elements(q -> 'Scores') WITH ORDINALITY AS u(x, m)), '[]'),
                       q ->> 'RecordedBy', (q ->> 'RecordedAt')::timestamptz, r.id
                  FROM referrals r, jsonb_array_elements(coalesce(r.questionnaires, '[]')) WITH ORDINALITY AS t(q, n)
                 ORDER BY r.id, n;
                """);

            migrationBuilder.DropIndex(
                name: "ix_referrals_concerns",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "concerns",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "consents",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "evaluations",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "history",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "parent_carers",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "questionnaires",
                table: "referrals");
        }
    }
}
