#!/usr/bin/env bash
# Rate limit across instances (issue 21, item 4; ADR 0028): two instances behind HAProxy (round
# robin), one client sends more than its limit within one minute of the clock. The shared count in
# PostgreSQL must let through no more than the limit (and, within 10 %, no fewer). Then PostgreSQL
# is stopped: requests that need no database (reference data) are still served, each instance
# counting on its own, and never refused for want of the shared count.
#   fleet: rate limit: instances 2, limit 60, requests 150, passed <n> (api1 <a>, api2 <b>); store away: requests 20, served 20, warnings <w>
source "$(dirname "$0")/../lib.sh"
need haproxy haproxy
limit=60
requests=$(small && echo 90 || echo 150)

start_primary main
token_for_tests
conn=$(connection "$primary_port")
migrate "$conn"
ports=()
for i in 1 2; do
  start_api_at "api$i" "$(free_port)" "$conn" RateLimiting__PermitsPerMinute=$limit Webhooks__Dispatch=false Shutdown__DrainDelay=00:00:00
  ports+=("$api_port")
done
start_haproxy "127.0.0.1:${ports[0]}" "127.0.0.1:${ports[1]}"
for i in 1 2; do wait_lb_status "api$i" UP 20; done
served() { curl -sf "$stats_url" | awk -F, -v s="$1" '$1 == "vig-api" && $2 == s { print $8 }'; }
before1=$(served api1) before2=$(served api2)

# Counts are per minute of the clock: start early in one, so every request falls in the same window.
second=$(date +%-S)
((second < 40)) || sleep $((61 - second))
client_token=$(token "fleet-busy-$(openssl rand -hex 4)" referrals.read)
passed=0 refused=0 other=0
for _ in $(seq "$requests"); do
  case $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $client_token" "$lb_url/api/v1/referral-routes") in
    200) passed=$((passed + 1)) ;;
    429) refused=$((refused + 1)) ;;
    *) other=$((other + 1)) ;;
  esac
done
via1=$(( $(served api1) - before1 )) via2=$(( $(served api2) - before2 ))

# The shared count's store away: PostgreSQL stopped. Reference data is held in memory, so it is served.
as_postgres "$pg_bin/pg_ctl" stop -D "$primary_dir/data" -m fast -w >/dev/null
away_token=$(token "fleet-away-$(openssl rand -hex 4)" referrals.read)
away=20 away_served=0
for _ in $(seq "$away"); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $away_token" "$lb_url/api/v1/referral-routes") == 200 ]] && away_served=$((away_served + 1))
done
warnings=$(cat "$work"/api-api*.log | grep -c 'Rate limits are counted per instance' || true)

report "rate limit: instances 2, limit $limit, requests $requests, passed $passed (api1 $via1, api2 $via2), refused $refused, other $other; store away: requests $away, served $away_served, warnings $warnings"
((passed <= limit * 110 / 100 && passed >= limit * 90 / 100)) || { log "passed $passed of a limit of $limit"; exit 1; }
((other == 0 && via1 > 0 && via2 > 0)) || { log "other answers $other, or one instance served none (api1 $via1, api2 $via2)"; exit 1; }
((away_served == away && warnings > 0)) || { log "with the store away: served $away_served of $away, warnings $warnings"; exit 1; }
