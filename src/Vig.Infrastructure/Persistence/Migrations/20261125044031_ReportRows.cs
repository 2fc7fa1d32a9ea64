using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vig.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Reporting reads one narrow table (issue 12, ADR 0014): referral_report_rows holds, per
    /// referral, only non-identifying fields (reference, status, route, referrer role, care setting,
    /// SEND, the child's age band at the referral date, concern codes, the decline reason, when each
    /// status was first reached, every status change, and the rules ever unmet in stored
    /// evaluations). Triggers on referrals and their concerns, history and evaluations rebuild a
    /// referral's row from the source rows in the writing transaction, so it commits with the change
    /// and every change of one referral is serialised by that referral's row lock. The triggers fire
    /// in origin mode only: a bulk load in replica mode (bench/Vig.Seed) calls report_rows_refresh
    /// for what it loaded, in replica mode too, then report_counts_rebuild(), instead of once per row.
    /// The counts kept for the former report (migration ReferralCounts) are now fed by the report
    /// rows instead (a trigger on referral_report_rows appends each row's changed keys), for every
    /// dimension of the summary, so the summary over all time reads counts, not rows.
    /// </summary>
    public partial class ReportRows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                -- Whole years as the acceptance rules count them (ADR 0005: a 29 February birthday falls on 28 February in common years).
                CREATE FUNCTION vig_age_in_years(born date, on_day date) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                  SELECT extract(year FROM on_day)::int - extract(year FROM born)::int
                         - CASE WHEN to_char(on_day, 'MMDD') < CASE WHEN to_char(born, 'MMDD') = '0229'
                                                                     AND extract(day FROM make_date(extract(year FROM on_day)::int, 3, 1) - 1) = 28
                                                                    THEN '0228' ELSE to_char(born, 'MMDD') END
                                THEN 1 ELSE 0 END
                $$;

                CREATE FUNCTION vig_age_band(born date, on_day date) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                  SELECT CASE WHEN born IS NULL OR on_day IS NULL OR born > on_day THEN NULL
                              WHEN vig_age_in_years(born, on_day) <= 1 THEN '0-1'
                              WHEN vig_age_in_years(born, on_day) <= 4 THEN '2-4'
                              WHEN vig_age_in_years(born, on_day) <= 11 THEN '5-11'
                              WHEN vig_age_in_years(born, on_day) <= 17 THEN '12-17'
                              ELSE '18+' END
                $$;

                CREATE TABLE referral_report_rows (
                  referral_id uuid PRIMARY KEY REFERENCES referrals (id) ON DELETE CASCADE,
                  reference varchar(20) NOT NULL,
                  created_at timestamptz NOT NULL,
                  status varchar(40) NOT NULL,
                  route_kind varchar(40),
                  referrer_role varchar(40),
                  care_setting varchar(40),
                  has_send boolean,
                  age_band text,
                  referral_date date,
                  decline_reason_code varchar(64),
                  concerns text[] NOT NULL,
                  submitted_at timestamptz,
                  decided_at timestamptz,
                  accepted_at timestamptz,
                  allocated_at timestamptz,
                  information_requested boolean NOT NULL,
                  unmet_rules text[] NOT NULL,
                  change_statuses text[] NOT NULL,
                  change_ats timestamptz[] NOT NULL,
                  anonymised boolean NOT NULL,
                  to_decision double precision GENERATED ALWAYS AS (extract(epoch FROM decided_at - submitted_at) / 86400) STORED,
                  to_allocation double precision GENERATED ALWAYS AS (extract(epoch FROM allocated_at - accepted_at) / 86400) STORED);
                CREATE INDEX ix_referral_report_rows_created_at_referral_id ON referral_report_rows (created_at, referral_id);
                CREATE INDEX ix_referral_report_rows_status_created_at_referral_id ON referral_report_rows (status, created_at, referral_id);
                CREATE INDEX ix_referral_report_rows_referral_date ON referral_report_rows (referral_date);
                CREATE INDEX ix_referral_report_rows_to_decision ON referral_report_rows (to_decision) WHERE to_decision IS NOT NULL;
                CREATE INDEX ix_referral_report_rows_to_allocation ON referral_report_rows (to_allocation) WHERE to_allocation IS NOT NULL;

                -- The rows of the given referrals (every referral when ids is NULL), rebuilt from the source rows.
                -- Once anonymised, the date of birth keeps only its year, so the band computed before is kept.
                -- PL/pgSQL, so the statement is planned for "id = ANY (an array)": an index lookup per id when a
                -- trigger passes one, never a scan of referrals (a SQL function would plan "ids IS NULL OR ...").
                CREATE FUNCTION report_rows_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
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

                CREATE FUNCTION report_row_of_referral() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  PERFORM report_rows_refresh(ARRAY[NEW.id]);
                  RETURN NULL;
                END $$;

                CREATE FUNCTION report_row_of_part() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  PERFORM report_rows_refresh(ARRAY[CASE WHEN TG_OP = 'DELETE' THEN OLD.referral_id ELSE NEW.referral_id END]);
                  RETURN NULL;
                END $$;

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

                SELECT report_rows_refresh(NULL);
                """);
            migrationBuilder.Sql(
                """
                DROP TRIGGER referral_count_insert_delete ON referrals;
                DROP TRIGGER referral_count_update ON referrals;
                DROP TRIGGER referral_count_truncate ON referrals;
                DROP TRIGGER referral_count_change ON referral_concerns;
                DROP TRIGGER referral_count_truncate ON referral_concerns;
                DROP FUNCTION referral_count_referral();
                DROP FUNCTION referral_count_concern();
                DROP FUNCTION referral_count_reset();

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
                SELECT report_counts_rebuild();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP TRIGGER report_row_counts ON referral_report_rows;
                DROP TRIGGER report_row_counts_truncate ON referral_report_rows;
                DROP FUNCTION report_row_counts();
                DROP FUNCTION report_row_counts_reset();
                DROP FUNCTION report_counts_rebuild();
                DROP FUNCTION report_row_keys(referral_report_rows);
                DROP TABLE referral_count_changes;
                DROP TABLE referral_counts;
                DROP TRIGGER report_row_insert ON referrals;
                DROP TRIGGER report_row_update ON referrals;
                DROP TRIGGER report_row_change ON referral_concerns;
                DROP TRIGGER report_row_change ON referral_status_history;
                DROP TRIGGER report_row_change ON referral_evaluations;
                DROP FUNCTION report_row_of_referral();
                DROP FUNCTION report_row_of_part();
                DROP FUNCTION report_rows_refresh(uuid[]);
                DROP TABLE referral_report_rows;
                DROP FUNCTION vig_age_band(date, date);
                DROP FUNCTION vig_age_in_years(date, date);
                """);
            migrationBuilder.Sql(
                """
                CREATE TABLE referral_counts (dimension text NOT NULL, key text NOT NULL, count bigint NOT NULL, PRIMARY KEY (dimension, key));
                CREATE TABLE referral_count_changes (dimension text NOT NULL, key text NOT NULL, change integer NOT NULL);

                CREATE FUNCTION referral_count_referral() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP <> 'INSERT' THEN
                    INSERT INTO referral_count_changes (dimension, key, change)
                    SELECT v.dimension, v.key, -1
                      FROM (VALUES ('status', OLD.status, NEW.status), ('route', OLD.route_kind, NEW.route_kind), ('role', OLD.referrer_role, NEW.referrer_role)) AS v(dimension, key, new_key)
                     WHERE v.key IS NOT NULL AND (TG_OP = 'DELETE' OR v.key IS DISTINCT FROM v.new_key);
                  END IF;
                  IF TG_OP <> 'DELETE' THEN
                    INSERT INTO referral_count_changes (dimension, key, change)
                    SELECT v.dimension, v.key, 1
                      FROM (VALUES ('status', NEW.status, OLD.status), ('route', NEW.route_kind, OLD.route_kind), ('role', NEW.referrer_role, OLD.referrer_role)) AS v(dimension, key, old_key)
                     WHERE v.key IS NOT NULL AND (TG_OP = 'INSERT' OR v.key IS DISTINCT FROM v.old_key);
                  END IF;
                  RETURN NULL;
                END $$;

                CREATE FUNCTION referral_count_concern() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP <> 'INSERT' THEN
                    INSERT INTO referral_count_changes (dimension, key, change) VALUES ('concern', OLD.category_code, -1);
                  END IF;
                  IF TG_OP <> 'DELETE' THEN
                    INSERT INTO referral_count_changes (dimension, key, change) VALUES ('concern', NEW.category_code, 1);
                  END IF;
                  RETURN NULL;
                END $$;

                CREATE FUNCTION referral_count_reset() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE dimensions text[] := CASE TG_TABLE_NAME WHEN 'referrals' THEN ARRAY['status', 'route', 'role'] ELSE ARRAY['concern'] END;
                BEGIN
                  DELETE FROM referral_count_changes WHERE dimension = ANY (dimensions);
                  DELETE FROM referral_counts WHERE dimension = ANY (dimensions);
                  RETURN NULL;
                END $$;

                CREATE TRIGGER referral_count_insert_delete AFTER INSERT OR DELETE ON referrals
                  FOR EACH ROW EXECUTE FUNCTION referral_count_referral();
                CREATE TRIGGER referral_count_update AFTER UPDATE OF status, route_kind, referrer_role ON referrals
                  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.route_kind IS DISTINCT FROM NEW.route_kind OR OLD.referrer_role IS DISTINCT FROM NEW.referrer_role)
                  EXECUTE FUNCTION referral_count_referral();
                CREATE TRIGGER referral_count_truncate AFTER TRUNCATE ON referrals
                  FOR EACH STATEMENT EXECUTE FUNCTION referral_count_reset();
                CREATE TRIGGER referral_count_change AFTER INSERT OR DELETE OR UPDATE OF category_code ON referral_concerns
                  FOR EACH ROW EXECUTE FUNCTION referral_count_concern();
                CREATE TRIGGER referral_count_truncate AFTER TRUNCATE ON referral_concerns
                  FOR EACH STATEMENT EXECUTE FUNCTION referral_count_reset();
                ALTER TABLE referrals ENABLE ALWAYS TRIGGER referral_count_insert_delete;
                ALTER TABLE referrals ENABLE ALWAYS TRIGGER referral_count_update;
                ALTER TABLE referrals ENABLE ALWAYS TRIGGER referral_count_truncate;
                ALTER TABLE referral_concerns ENABLE ALWAYS TRIGGER referral_count_change;
                ALTER TABLE referral_concerns ENABLE ALWAYS TRIGGER referral_count_truncate;

                INSERT INTO referral_counts (dimension, key, count)
                SELECT 'status', status, count(*) FROM referrals GROUP BY status
                UNION ALL SELECT 'route', route_kind, count(*) FROM referrals WHERE route_kind IS NOT NULL GROUP BY route_kind
                UNION ALL SELECT 'role', referrer_role, count(*) FROM referrals WHERE referrer_role IS NOT NULL GROUP BY referrer_role
                UNION ALL SELECT 'concern', category_code, count(*) FROM referral_concerns GROUP BY category_code;
                """);
        }
    }
}
