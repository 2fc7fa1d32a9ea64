using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vig.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The report's counts kept as they change (ADR 0013): every insert, update and delete of a
    /// referral's status, route or referrer role, and of a referral's concern, appends +1/-1 rows to
    /// referral_count_changes (append-only, so writers never wait for each other); the report and
    /// the hourly cleanup fold them into referral_counts. A count is referral_counts plus the changes
    /// not folded yet, read in one snapshot. The triggers fire also in replica mode (bulk loads).
    /// </summary>
    public partial class ReferralCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
                DROP TABLE referral_count_changes;
                DROP TABLE referral_counts;
                """);
        }
    }
}
