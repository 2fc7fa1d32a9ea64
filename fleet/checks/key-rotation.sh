#!/usr/bin/env bash
# Key rotation: the API (Production) takes its keys from a real OpenID provider on loopback
# (fleet/identity-provider.mjs: npm oidc-provider) through Authentication__Authority. A client
# fetches a token and uses it at a steady rate while the provider starts signing with a new key,
# then removes the old one. Every valid token must be accepted; a token of the removed key must be
# refused once the refresh interval (plus 1 s for the fetch itself) has passed since the removal.
source "$(dirname "$0")/../lib.sh"
need node nodejs
[[ -f $fleet_root/node_modules/oidc-provider/package.json ]] || { log "the npm packages are missing: run npm ci"; exit 2; }

interval=5
if small; then per_phase=15; else per_phase=60; fi
pause=0.1 # about 8 tokens a second with the two requests each takes

node "$fleet_root/fleet/identity-provider.mjs" 0 >"$work/idp.out" 2>"$work/idp.log" &
track $!
issuer=""
for _ in $(seq 50); do
  issuer=$(awk '/^issuer /{print $2}' "$work/idp.out")
  [[ -n $issuer ]] && break
  sleep 0.2
done
[[ -n $issuer ]] || { cat "$work/idp.log" >&2; log "the identity provider did not start"; exit 1; }

start_primary key-rotation
token_for_tests
conn=$(connection "$primary_port")
migrate "$conn"
start_api a "$conn" Authentication__Jwks= Authentication__Issuer= "Authentication__Authority=$issuer" \
  Authentication__RequireHttpsMetadata=false "Authentication__KeyRefreshInterval=00:00:0$interval"

fresh_token() {
  curl -sf -u case-system-a:case-system-a-secret -d grant_type=client_credentials -d scope=referrals.read "$issuer/token" \
    | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}
status_with() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $1" "$api_url/api/v1/referrals"; }

tokens=0 refused=0
use_fresh_token() {
  local token code
  token=$(fresh_token)
  [[ -n $token ]] || { log "the identity provider gave no token"; exit 1; }
  code=$(status_with "$token")
  tokens=$((tokens + 1))
  if [[ $code != 200 ]]; then refused=$((refused + 1)); log "a valid token got $code"; fi
}

for _ in $(seq "$per_phase"); do use_fresh_token; sleep "$pause"; done
old_token=$(fresh_token)
[[ $(status_with "$old_token") == 200 ]] || { log "the first key's token was refused before any rotation"; exit 1; }

curl -sf -X POST "$issuer/admin/rotate" >/dev/null
for _ in $(seq "$per_phase"); do use_fresh_token; sleep "$pause"; done

curl -sf -X POST "$issuer/admin/retire" >/dev/null
retired=$EPOCHREALTIME
accepted_after=0 accepted_within=0 refused_at=""
deadline=$((interval + 1))
for i in $(seq 1000); do # bounded: ends once the interval has passed and per_phase tokens were used
  use_fresh_token
  since=$(awk -v a="$retired" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
  if [[ $(status_with "$old_token") == 200 ]]; then
    if awk -v s="$since" -v d="$deadline" 'BEGIN { exit !(s > d) }'; then accepted_after=$((accepted_after + 1)); else accepted_within=$((accepted_within + 1)); fi
  elif [[ -z $refused_at ]]; then
    refused_at=$since
  fi
  if ((i >= per_phase)) && awk -v s="$since" -v d="$deadline" 'BEGIN { exit !(s > d + 2) }'; then break; fi
  sleep "$pause"
done
log "the removed key's token: accepted $accepted_within times within the interval, refused from ${refused_at:-never} s after its removal"

report "key rotation: tokens $tokens, valid tokens refused $refused, removed-key tokens accepted $accepted_after (after the $interval s interval)"
((tokens > 0 && refused == 0 && accepted_after == 0)) && [[ -n $refused_at ]]
