using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vig.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Report rows computed in C# (issue 20, ADR 0021): the triggers and PL/pgSQL functions that kept
    /// referral_report_rows and referral_count_changes are dropped; the tables, their rows and the kept
    /// counts stay as they are (the rows are what the C# function gives for the same referral), and
    /// are now in EF Core's model. The tables already exist, so the CREATE TABLE that `migrations add`
    /// wrote for them is left out: this migration only brings the snapshot to the schema that exists.
    /// </summary>
    public partial class ReportRowsInCSharp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                -- Report rows and the summary's counts are computed in C# and saved with the referral's change
                -- (ADR 0021: ReferralReportRow.Of, ReportRowKeeper): nothing in the database keeps them any more.
                DROP TRIGGER report_row_insert ON referrals;
                DROP TRIGGER report_row_update ON referrals;
                DROP TRIGGER report_row_change ON referral_concerns;
                DROP TRIGGER report_row_change ON referral_status_history;
                DROP TRIGGER report_row_change ON referral_evaluations;
                DROP TRIGGER report_row_counts ON referral_report_rows;
                DROP TRIGGER report_row_counts_truncate ON referral_report_rows;
                DROP FUNCTION report_row_of_referral();
                DROP FUNCTION report_row_of_part();
                DROP FUNCTION report_row_refresh_once(uuid);
                DROP FUNCTION report_rows_refresh(uuid[]);
                DROP FUNCTION report_counts_rebuild();
                DROP FUNCTION report_row_counts();
                DROP FUNCTION report_row_counts_reset();
                DROP FUNCTION report_row_keys(referral_report_rows);
                DROP FUNCTION vig_age_band(date, date);
                DROP FUNCTION vig_age_in_years(date, date);

                -- Only the once-per-transaction mark of the deferred triggers used it.
                ALTER TABLE referral_report_rows DROP COLUMN refreshed_in;

                -- EF Core inserts the count changes, and needs a key for that.
                ALTER TABLE referral_count_changes ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT referral_count_changes_pkey PRIMARY KEY;
                """);
        }

        /// <summary>
        /// Puts back every object Up dropped, each as the last migration that defined it left it:
        /// vig_age_in_years and the count functions and triggers from ReportRows, the report-row
        /// functions and deferred triggers from ReportRowsOncePerTransaction, vig_age_band and the
        /// plan setting from CheaperReportRowsAndLz4. The rows written meanwhile stay; refreshed_in
        /// comes back empty, which only makes the next trigger of each referral rebuild its row.
        /// </summary>
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                ALTER TABLE referral_count_changes DROP COLUMN id;
                ALTER TABLE referral_report_rows ADD COLUMN refreshed_in xid8;

                CREATE FUNCTION vig_age_in_years(born date, on_day date) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                  SELECT extract(year FROM on_day)::int - extract(year FROM born)::int
                         - CASE WHEN to_char(on_day, 'MMDD') < CASE WHEN to_char(born, 'MMDD') = '0229'
                                                                     AND extract(day FROM make_date(extract(year FROM on_day)::int, 3, 1) - 1) = 28
                                                                    THEN '0228' ELSE to_char(born, 'MMDD') END
                                THEN 1 ELSE 0 END
                $$;

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

                CREATE OR REPLACE FUNCTION report_rows_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
                BEGIN
                  IF ids IS NULL THEN
                    ids := ARRAY(SELECT id FROM referrals);
                  END IF;
                  INSERT INTO referral_report_rows AS t (
                    referral_id, reference, created_at, status, route_kind, referrer_role, care_setting, has_send, age_band,
                    referral_date, decline_reason_code, concerns, submitted_at, decided_at, accepted_at, allocated_at,
                    information_requested, unmet_rules, change_statuses, change_ats, anonymised, refreshed_in)
                  SELECT r.id, r.reference, r.created_at, r.status, r.route_kind, r.referrer_role, r.child_care_setting, r.child_has_send,
                         vig_age_band(r.child_date_of_birth, r.referral_date), r.referral_date,
                         CASE WHEN r.status = 'Declined' THEN r.decline_reason_code END,
                         ARRAY(SELECT c.category_code FROM referral_concerns c WHERE c.referral_id = r.id ORDER BY c.category_code),
                         h.submitted_at, h.decided_at, h.accepted_at, h.allocated_at, coalesce(h.information_requested, false),
                         ARRAY(SELECT DISTINCT x ->> 'code' FROM referral_evaluations e CROSS JOIN LATERAL jsonb_array_elements(e.results) AS x
                                WHERE e.referral_id = r.id AND x ->> 'outcome' NOT IN ('0', 'Met') ORDER BY 1),
                         coalesce(h.statuses, '{}'), coalesce(h.ats, '{}'), r.anonymised_at IS NOT NULL, pg_current_xact_id()
                    FROM referrals r
                    CROSS JOIN LATERAL (
                      SELECT min(s.at) FILTER (WHERE s."to" = 'Submitted') AS submitted_at,
                             min(s.at) FILTER (WHERE s."to" IN ('Accepted', 'Declined')) AS decided_at,
                             min(s.at) FILTER (WHERE s."to" = 'Accepted') AS accepted_at,
                             min(s.at) FILTER (WHERE s."to" = 'Allocated') AS allocated_at,
                             bool_or(s."to" = 'InformationRequested') AS information_requested,
                             array_agg(s."to"::text ORDER BY s.id) AS statuses,
                             array_agg(s.at ORDER BY s.id) AS ats
                        FROM referral_status_history s WHERE s.referral_id = r.id) AS h
                   WHERE r.id = ANY (ids)
                  ON CONFLICT (referral_id) DO UPDATE SET
                    reference = EXCLUDED.reference, created_at = EXCLUDED.created_at, status = EXCLUDED.status,
                    route_kind = EXCLUDED.route_kind, referrer_role = EXCLUDED.referrer_role, care_setting = EXCLUDED.care_setting,
                    has_send = EXCLUDED.has_send,
                    age_band = CASE WHEN EXCLUDED.anonymised AND t.anonymised THEN t.age_band
                                    WHEN EXCLUDED.anonymised THEN coalesce(t.age_band, EXCLUDED.age_band) ELSE EXCLUDED.age_band END,
                    referral_date = EXCLUDED.referral_date, decline_reason_code = EXCLUDED.decline_reason_code, concerns = EXCLUDED.concerns,
                    submitted_at = EXCLUDED.submitted_at, decided_at = EXCLUDED.decided_at, accepted_at = EXCLUDED.accepted_at,
                    allocated_at = EXCLUDED.allocated_at, information_requested = EXCLUDED.information_requested,
                    unmet_rules = EXCLUDED.unmet_rules, change_statuses = EXCLUDED.change_statuses, change_ats = EXCLUDED.change_ats,
                    anonymised = EXCLUDED.anonymised, refreshed_in = EXCLUDED.refreshed_in;
                END $$;

                CREATE FUNCTION report_row_refresh_once(referral uuid) RETURNS void LANGUAGE plpgsql AS $$
                BEGIN
                  IF NOT EXISTS (SELECT FROM referral_report_rows WHERE referral_id = referral AND refreshed_in = pg_current_xact_id()) THEN
                    PERFORM report_rows_refresh(ARRAY[referral]);
                  END IF;
                END $$;

                ALTER FUNCTION report_row_refresh_once(uuid) SET plan_cache_mode = force_generic_plan;

                CREATE OR REPLACE FUNCTION report_row_of_referral() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  PERFORM report_row_refresh_once(NEW.id);
                  RETURN NULL;
                END $$;

                CREATE OR REPLACE FUNCTION report_row_of_part() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  PERFORM report_row_refresh_once(CASE WHEN TG_OP = 'DELETE' THEN OLD.referral_id ELSE NEW.referral_id END);
                  RETURN NULL;
                END $$;

                CREATE CONSTRAINT TRIGGER report_row_insert AFTER INSERT ON referrals
                  DEFERRABLE INITIALLY DEFERRED
                  FOR EACH ROW EXECUTE FUNCTION report_row_of_referral();
                CREATE CONSTRAINT TRIGGER report_row_update AFTER UPDATE OF reference, status, route_kind, referrer_role, child_care_setting, child_has_send,
                    child_date_of_birth, referral_date, decline_reason_code, anonymised_at ON referrals
                  DEFERRABLE INITIALLY DEFERRED
                  FOR EACH ROW EXECUTE FUNCTION report_row_of_referral();
                CREATE CONSTRAINT TRIGGER report_row_change AFTER INSERT OR DELETE OR UPDATE OF category_code ON referral_concerns
                  DEFERRABLE INITIALLY DEFERRED
                  FOR EACH ROW EXECUTE FUNCTION report_row_of_part();
                CREATE CONSTRAINT TRIGGER report_row_change AFTER INSERT ON referral_status_history
                  DEFERRABLE INITIALLY DEFERRED
                  FOR EACH ROW EXECUTE FUNCTION report_row_of_part();
                CREATE CONSTRAINT TRIGGER report_row_change AFTER INSERT ON referral_evaluations
                  DEFERRABLE INITIALLY DEFERRED
                  FOR EACH ROW EXECUTE FUNCTION report_row_of_part();

                -- The all-time counts of the summary, kept as the report rows change (the append-only
                -- changes and the fold of ADR 0013, now fed by the report rows): one key per value of
                -- each dimension, '' for none.
                CREATE FUNCTION report_row_keys(r referral_report_rows) RETURNS TABLE (dimension text, key text) LANGUAGE sql IMMUTABLE AS $$
                  SELECT 'status', r.status::text
                  UNION ALL SELECT 'route', coalesce(r.route_kind, '')
                  UNION ALL SELECT 'role', coalesce(r.referrer_role, '')
                  UNION ALL SELECT 'care', coalesce(r.care_setting, '')
                  UNION ALL SELECT 'age', coalesce(r.age_band, '')
                  UNION ALL SELECT 'month', coalesce(to_char(r.referral_date, 'YYYY-MM'), '')
                  UNION ALL SELECT 'concern', c FROM unnest(r.concerns) AS c
                  UNION ALL SELECT 'concern', '' WHERE cardinality(r.concerns) = 0
                  UNION ALL SELECT 'decline', r.decline_reason_code WHERE r.status = 'Declined' AND r.decline_reason_code IS NOT NULL
                  UNION ALL SELECT 'submitted', '' WHERE r.submitted_at IS NOT NULL
                  UNION ALL SELECT 'information', '' WHERE r.submitted_at IS NOT NULL AND r.information_requested
                  UNION ALL SELECT 'rule', u FROM unnest(r.unmet_rules) AS u
                  UNION ALL SELECT 'decision', '' WHERE r.to_decision IS NOT NULL
                  UNION ALL SELECT 'allocation', '' WHERE r.to_allocation IS NOT NULL
                $$;

                CREATE FUNCTION report_row_counts() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP = 'INSERT' THEN
                    INSERT INTO referral_count_changes (dimension, key, change) SELECT k.dimension, k.key, 1 FROM report_row_keys(NEW) AS k;
                  ELSIF TG_OP = 'DELETE' THEN
                    INSERT INTO referral_count_changes (dimension, key, change) SELECT k.dimension, k.key, -1 FROM report_row_keys(OLD) AS k;
                  ELSE
                    INSERT INTO referral_count_changes (dimension, key, change)
                    SELECT k.dimension, k.key, sum(k.change)
                      FROM (SELECT o.dimension, o.key, -1 AS change FROM report_row_keys(OLD) AS o
                            UNION ALL SELECT n.dimension, n.key, 1 FROM report_row_keys(NEW) AS n) AS k
                     GROUP BY k.dimension, k.key HAVING sum(k.change) <> 0;
                  END IF;
                  RETURN NULL;
                END $$;

                CREATE FUNCTION report_row_counts_reset() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  DELETE FROM referral_count_changes;
                  DELETE FROM referral_counts;
                  RETURN NULL;
                END $$;

                CREATE TRIGGER report_row_counts AFTER INSERT OR UPDATE OR DELETE ON referral_report_rows
                  FOR EACH ROW EXECUTE FUNCTION report_row_counts();
                CREATE TRIGGER report_row_counts_truncate AFTER TRUNCATE ON referral_report_rows
                  FOR EACH STATEMENT EXECUTE FUNCTION report_row_counts_reset();

                -- The counts again from every report row: for the migration, and after a bulk load in
                -- replica mode (where these triggers, like the report rows', do not fire).
                CREATE FUNCTION report_counts_rebuild() RETURNS void LANGUAGE sql AS $$
                  DELETE FROM referral_count_changes;
                  DELETE FROM referral_counts;
                  INSERT INTO referral_counts (dimension, key, count)
                  SELECT k.dimension, k.key, count(*) FROM referral_report_rows AS t CROSS JOIN LATERAL report_row_keys(t) AS k GROUP BY k.dimension, k.key;
                $$;
                """);
        }
    }
}
