#!/usr/bin/env bash
# promtool: one Production instance; a few referrals created and accepted, some reads and refusals;
# then its GET /metrics through `promtool check metrics` (Debian's prometheus package). Fails on a
# parse error or lint warning, on a family a dashboard reads (docs/operations.md) missing, on a
# request without its log line, or on a caller's traceparent not being the problem's traceId.
source "$(dirname "$0")/../lib.sh"
need promtool prometheus

start_primary metrics
token_for_tests
conn=$(connection "$primary_port")
migrate "$conn"
start_api one "$conn"

referrals=$(small && echo 3 || echo 20)
reads=$(small && echo 20 || echo 200)
auth="Authorization: Bearer $team_token"
python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))["paths"]["/api/v1/referrals"]["post"]["requestBody"]["content"]["application/json"]["example"]))' \
  "$fleet_root/docs/openapi/v1.json" >"$work/referral.json"

sent=0
for _ in $(seq "$referrals"); do
  curl -s -D "$work/created.headers" -o "$work/created.json" -H "$auth" -H 'Content-Type: application/json' \
    --data-binary @"$work/referral.json" "$api_url/api/v1/referrals" >/dev/null
  id=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["id"])' "$work/created.json")
  etag=$(tr -d '\r' <"$work/created.headers" | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
  status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "$auth" -H "If-Match: $etag" "$api_url/api/v1/referrals/$id/accept")
  [[ $status == 200 ]] || { log "accept answered $status"; exit 1; }
  sent=$((sent + 2))
done
for i in $(seq "$reads"); do
  case $((i % 4)) in
    0) url="$api_url/api/v1/referrals?limit=10" ;;
    1) url="$api_url/api/v1/concern-categories" ;;
    2) url="$api_url/api/v1/referrals/$(python3 -c 'import uuid; print(uuid.uuid4())')" ;; # 404
    3) url="$api_url/api/v1/referrals?limit=ten" ;;                                          # 400
  esac
  curl -s -o /dev/null -H "$auth" "$url"
  sent=$((sent + 1))
done
curl -s -o /dev/null "$api_url/api/v1/concern-categories" # 401
sent=$((sent + 1))

# A caller's W3C trace: its trace id comes back as the problem's traceId and is in the request's log line.
trace=$(openssl rand -hex 16)
problem_trace=$(curl -s -H "$auth" -H "traceparent: 00-$trace-$(openssl rand -hex 8)-01" \
  "$api_url/api/v1/referrals/$(python3 -c 'import uuid; print(uuid.uuid4())')" | python3 -c 'import json, sys; print(json.load(sys.stdin).get("traceId", ""))')
sent=$((sent + 1))
sleep 0.5
traced_lines=$(grep -c "answered 404 in [0-9.]* ms, trace $trace" "$work/api-one.log" || true)

curl -sf "$api_url/metrics" >"$work/metrics.txt" || { log "GET /metrics failed"; exit 1; }
promtool check metrics <"$work/metrics.txt" >"$work/promtool.txt" 2>&1
code=$?
families=$(grep -c '^# TYPE ' "$work/metrics.txt" || true)
warnings=0
errors=0
case $code in
  0) ;;
  3) warnings=$(grep -c . "$work/promtool.txt" || true) ;;
  *) errors=$(grep -c . "$work/promtool.txt" || true); ((errors > 0)) || errors=1 ;;
esac
missing=()
for family in http_server_request_duration_seconds db_client_connections db_client_connection_max vig_referral_transitions_total; do
  grep -q "^# TYPE $family " "$work/metrics.txt" || missing+=("$family")
done
accepts=$(sed -n 's/^vig_referral_transitions_total{.*transition="referral.accept".*} \([0-9]*\).*/\1/p' "$work/metrics.txt")
request_lines=$(grep -c '"Vig.Api.Http.CorrelationId".*"Message":"HTTP ' "$work/api-one.log" || true)

report "promtool: metrics $families families, errors $errors, lint warnings $warnings; requests $sent, request log lines $request_lines, accepts counted ${accepts:-0} of $referrals; traceparent's trace id in problem $([[ $problem_trace == "$trace" ]] && echo yes || echo no), in log $traced_lines"
cat "$work/promtool.txt" >&2
((errors == 0 && warnings == 0)) || exit 1
((${#missing[@]} == 0)) || { log "missing families: ${missing[*]}"; exit 1; }
[[ ${accepts:-0} == "$referrals" ]] || { log "vig_referral_transitions_total counted ${accepts:-0} accepts of $referrals"; exit 1; }
((request_lines >= sent)) || { log "$request_lines request log lines for $sent requests"; exit 1; }
[[ $problem_trace == "$trace" && $traced_lines == 1 ]] || { log "traceparent $trace: problem traceId '$problem_trace', $traced_lines log lines"; exit 1; }
