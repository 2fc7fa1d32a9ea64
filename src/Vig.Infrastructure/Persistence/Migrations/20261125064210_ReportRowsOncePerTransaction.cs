using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vig.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ReportRowsOncePerTransaction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                -- A referral's report row is rebuilt once per writing transaction, at its commit, not once per
                -- changed row: a create touched six rows (the referral, concerns, an evaluation, two status
                -- changes) and rebuilt the report row six times, which tripled PostgreSQL's CPU per create
                -- (docs/performance.md). The triggers are deferred to the commit, when every row is written,
                -- and the first of them in a transaction rebuilds the row and marks it with the transaction's
                -- id; the others find the mark and do nothing. The row is still written in the change's own
                -- transaction, so reports see it exactly when they see the change (ADR 0014).
                ALTER TABLE referral_report_rows ADD COLUMN refreshed_in xid8;

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

                DROP TRIGGER report_row_insert ON referrals;
                DROP TRIGGER report_row_update ON referrals;
                DROP TRIGGER report_row_change ON referral_concerns;
                DROP TRIGGER report_row_change ON referral_status_history;
                DROP TRIGGER report_row_change ON referral_evaluations;
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
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP TRIGGER report_row_insert ON referrals;
                DROP TRIGGER report_row_update ON referrals;
                DROP TRIGGER report_row_change ON referral_concerns;
                DROP TRIGGER report_row_change ON referral_status_history;
                DROP TRIGGER report_row_change ON referral_evaluations;
                CREATE TRIGGER report_row_insert AFTER INSERT ON referrals
                  FOR EACH ROW EXECUTE FUNCTION report_row_of_referral();
                CREATE TRIGGER report_row_update AFTER UPDATE OF reference, status, route_kind, referrer_role, child_care_setting, child_has_send,
                    child_date_of_birth, referral_date, decline_reason_code, anonymised_at ON referrals
                  FOR EACH ROW EXECUTE FUNCTION report_row_of_referral();
                CREATE TRIGGER report_row_change AFTER INSERT OR DELETE OR UPDATE OF category_code ON referral_concerns
                  FOR EACH ROW EXECUTE FUNCTION report_row_of_part();
                CREATE TRIGGER report_row_change AFTER INSERT ON referral_status_history
                  FOR EACH ROW EXECUTE FUNCTION report_row_of_part();
                CREATE TRIGGER report_row_change AFTER INSERT ON referral_evaluations
                  FOR EACH ROW EXECUTE FUNCTION report_row_of_part();

                CREATE OR REPLACE FUNCTION report_row_of_referral() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  PERFORM report_rows_refresh(ARRAY[NEW.id]);
                  RETURN NULL;
                END $$;

                CREATE OR REPLACE FUNCTION report_row_of_part() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  PERFORM report_rows_refresh(ARRAY[CASE WHEN TG_OP = 'DELETE' THEN OLD.referral_id ELSE NEW.referral_id END]);
                  RETURN NULL;
                END $$;

                DROP FUNCTION report_row_refresh_once(uuid);
                CREATE OR REPLACE FUNCTION report_rows_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
                BEGIN
                  IF ids IS NULL THEN
                    ids := ARRAY(SELECT id FROM referrals);
                  END IF;
                  INSERT INTO referral_report_rows AS t (
                    referral_id, reference, created_at, status, route_kind, referrer_role, care_setting, has_send, age_band,
                    referral_date, decline_reason_code, concerns, submitted_at, decided_at, accepted_at, allocated_at,
                    information_requested, unmet_rules, change_statuses, change_ats, anonymised)
                  SELECT r.id, r.reference, r.created_at, r.status, r.route_kind, r.referrer_role, r.child_care_setting, r.child_has_send,
                         vig_age_band(r.child_date_of_birth, r.referral_date), r.referral_date,
                         CASE WHEN r.status = 'Declined' THEN r.decline_reason_code END,
                         ARRAY(SELECT c.category_code FROM referral_concerns c WHERE c.referral_id = r.id ORDER BY c.category_code),
                         h.submitted_at, h.decided_at, h.accepted_at, h.allocated_at, coalesce(h.information_requested, false),
                         ARRAY(SELECT DISTINCT x ->> 'code' FROM referral_evaluations e CROSS JOIN LATERAL jsonb_array_elements(e.results) AS x
                                WHERE e.referral_id = r.id AND x ->> 'outcome' NOT IN ('0', 'Met') ORDER BY 1),
                         coalesce(h.statuses, '{}'), coalesce(h.ats, '{}'), r.anonymised_at IS NOT NULL
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
                    anonymised = EXCLUDED.anonymised;
                END $$;

                ALTER TABLE referral_report_rows DROP COLUMN refreshed_in;
                """);
        }
    }
}
