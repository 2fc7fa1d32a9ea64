#!/usr/bin/env bash
# How long a 404 takes for another client's referral and for a missing one (docs/security.md, API1).
# A figure to look at, never a test. Needs the API running in Development (dotnet run --project src/Vig.Api)
# and curl. Mind the rate limit (300 a minute per client by default): 2 x (n + 20) requests. Usage: bench/refused-access-timing.sh [n] [base-url]
set -euo pipefail
n=${1:-120}
base=${2:-http://localhost:5080}
here=$(cd "$(dirname "$0")/.." && pwd)
token() { dotnet run --project "$here/src/Vig.Api" --no-build -- token "$@" | tail -n 1; }

owner=$(token "bench-owner-$$" referrals.submit referrals.read)
other=$(token "bench-other-$$" referrals.submit referrals.read)

body='{"route":{"kind":"caseManagementDecision","reference":"CMD-2026-0042"},
  "referrer":{"name":"Bench Referrer","role":"socialWorker","fromTogetherForFamilies":true,"team":"TFF West","currentlyInvolved":true,"email":"bench@example.org"},
  "child":{"name":"Bench Child","dateOfBirth":"2020-06-15","willBeFilmed":true,"careSetting":"birthFamily"},
  "parentCarers":[{"name":"Bench Parent","relationship":"mother","takesPart":true}],
  "concerns":["child-point-of-view"]}'
id=$(curl -sf -H "Authorization: Bearer $owner" -H 'Content-Type: application/json' -d "$body" "$base/api/v1/referrals" \
  | grep -o '"id":"[0-9a-f-]\{36\}"' | head -n 1 | cut -d '"' -f 4)

median() { sort -n | awk '{ a[NR] = $1 } END { printf "%.2f ms", (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) * 1000 }'; }
get() { curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $other" "$base/api/v1/referrals/$1"; }

# Interleaved, so drift in the machine's load falls on both alike; the first rounds only warm up.
foreign=$(mktemp); missing=$(mktemp)
for i in $(seq $((n + 20))); do
  f=$(get "$id"); m=$(get "$(cat /proc/sys/kernel/random/uuid)")
  [[ $f == 404* && $m == 404* ]] || { echo "expected two 404s, got: $f / $m" >&2; exit 1; }
  if ((i > 20)); then echo "${f#* }" >>"$foreign"; echo "${m#* }" >>"$missing"; fi
done
echo "another client's referral $id: $(median <"$foreign") median of $n"
echo "a missing referral:        $(median <"$missing") median of $n"
rm -f "$foreign" "$missing"
