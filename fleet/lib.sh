# Shared by the fleet checks (source it). Everything a check starts is recorded and stopped on exit.
# Needs: FLEET_API (a Release build of src/Vig.Api; fleet/run sets it), PostgreSQL server programs,
# curl, openssl, python3. Loopback only.
set -euo pipefail
fleet_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pg_bin=${VIG_POSTGRES_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[[ -x $pg_bin/initdb ]] || { echo "fleet: PostgreSQL server programs not found (apt-get install postgresql)" >&2; exit 2; }
[[ -n ${FLEET_API:-} && -f $FLEET_API/Vig.Api.dll ]] || { echo "fleet: run the checks through fleet/run (it builds the API)" >&2; exit 2; }
small() { [[ ${FLEET_SMALL:-false} == true ]]; }

work=$(mktemp -d /var/tmp/vig-fleet.XXXXXX)
chmod 755 "$work"
fleet_processes=()
fleet_clusters=()
fleet_cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for pid in "${fleet_processes[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${fleet_processes[@]}"; do wait "$pid" 2>/dev/null || true; done
  for dir in "${fleet_clusters[@]}"; do as_postgres "$pg_bin/pg_ctl" stop -D "$dir" -m immediate -w >/dev/null 2>&1 || true; done
  if [[ $status -ne 0 && -z ${CI:-} ]]; then echo "fleet: work folder kept for a look: $work" >&2; else rm -rf "$work"; fi
  exit "$status"
}
trap fleet_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log() { echo "fleet: $*" >&2; }
# The check's one line, on stdout (and in TestResults/fleet.txt when that folder exists).
report() {
  echo "fleet: $*"
  if [[ -d $fleet_root/TestResults ]]; then echo "fleet: $*" >>"$fleet_root/TestResults/fleet.txt"; fi
}
as_postgres() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
track() { fleet_processes+=("$1"); }

# --- PostgreSQL --------------------------------------------------------------------------------

password=$(openssl rand -hex 16)
echo "$password" >"$work/pgpass"
chmod 644 "$work/pgpass"

start_primary() { # <name>: a cluster that a standby can follow; sets primary_port, primary_dir
  primary_dir="$work/pg-$1"
  primary_port=$(free_port)
  mkdir -p "$primary_dir"
  [[ $(id -u) == 0 ]] && chown postgres "$primary_dir"
  as_postgres "$pg_bin/initdb" -D "$primary_dir/data" -U vig --auth=scram-sha-256 --pwfile="$work/pgpass" -E UTF8 --no-locale >/dev/null
  echo "host replication vig 127.0.0.1/32 scram-sha-256" >>"$primary_dir/data/pg_hba.conf"
  as_postgres "$pg_bin/pg_ctl" start -D "$primary_dir/data" -w -t 60 -l "$primary_dir/server.log" -o \
    "-c port=$primary_port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$primary_dir' -c max_connections=200 \
     -c wal_level=replica -c max_wal_senders=5 -c hot_standby=on" >/dev/null
  fleet_clusters+=("$primary_dir/data")
  psql_at "$primary_port" postgres "CREATE DATABASE vig"
}
psql_at() { PGPASSWORD=$password "$pg_bin/psql" -q -X -At -h 127.0.0.1 -p "$1" -U vig -d "$2" -c "$3"; }
sql() { psql_at "$1" vig "$2"; }
connection() { # <port>[,<port>...] [extra settings]
  local hosts="" p
  for p in ${1//,/ }; do hosts+="${hosts:+,}127.0.0.1:$p"; done
  echo "Host=$hosts;Database=vig;Username=vig;Password=$password${2:+;$2}"
}

# --- tokens (a local signing key; the API checks them against its public half as a JWKS) ---------

token() { # <client> <scope>...
  (cd "$FLEET_API" && ASPNETCORE_ENVIRONMENT=Development Authentication__DevelopmentKeyFile="$work/signing-key.pem" \
    dotnet Vig.Api.dll token "$@")
}
jwks_of() { # <pem file> <kid>
  python3 - "$1" "$2" <<'JWKS'
import base64, json, subprocess, sys
modulus = subprocess.check_output(["openssl", "rsa", "-in", sys.argv[1], "-noout", "-modulus"], stderr=subprocess.DEVNULL).decode().split("=", 1)[1].strip()
text = subprocess.check_output(["openssl", "rsa", "-in", sys.argv[1], "-noout", "-text"], stderr=subprocess.DEVNULL).decode()
exponent = int(text.split("publicExponent: ", 1)[1].split()[0])
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
print(json.dumps({"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": sys.argv[2],
                            "n": b64(bytes.fromhex(modulus)), "e": b64(exponent.to_bytes(3, "big"))}]}))
JWKS
}
token_for_tests() { # prepares $team_token and $jwks (the development key)
  team_token=$(token fleet-team referrals.submit referrals.read referrals.decide reports.read)
  jwks=$(jwks_of "$work/signing-key.pem" vig-development-key)
}

# --- API instances -------------------------------------------------------------------------------

migrate() { # <connection string>
  (cd "$FLEET_API" && env ASPNETCORE_ENVIRONMENT=Production "ConnectionStrings__Vig=$1" Authentication__Issuer=vig-development \
    "Authentication__Jwks=${jwks:?call token_for_tests first}" dotnet Vig.Api.dll migrate >"$work/migrate.log" 2>&1) \
    || { cat "$work/migrate.log" >&2; exit 1; }
}
# start_api stops its instances at once (no drain delay); start_api_at keeps the production default.
start_api() { # <name> <connection string> [VAR=value ...]: sets api_pid, api_port, api_url
  local name=$1 conn=$2
  shift 2
  api_port=$(free_port)
  api_url="http://127.0.0.1:$api_port"
  (cd "$FLEET_API" && exec env ASPNETCORE_ENVIRONMENT=Production "ConnectionStrings__Vig=$conn" \
    Authentication__Issuer=vig-development "Authentication__Jwks=${jwks:?call token_for_tests first}" \
    Shutdown__DrainDelay=00:00:00 ASPNETCORE_URLS="$api_url" "$@" dotnet Vig.Api.dll >"$work/api-$name.log" 2>&1) &
  api_pid=$!
  track "$api_pid"
  wait_ready "$api_url" "$api_pid" "$name"
}
wait_ready() { # <url> <pid> <name>
  for _ in $(seq 120); do
    curl -sf -o /dev/null "$1/health/ready" && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 0.5
  done
  tail -n 20 "$work/api-$3.log" >&2
  log "the API ($3) did not become ready"
  exit 1
}

need() { # <command> <Debian package>: installs the package when the command is missing (CI runs as root)
  command -v "$1" >/dev/null 2>&1 && return 0
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing $2"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2"; } >/dev/null 2>&1 || true
  fi
  command -v "$1" >/dev/null 2>&1 || { log "$1 not found: apt-get install $2"; exit 2; }
}

# --- more PostgreSQL: a streaming standby (issue 21, failover) ------------------------------------

start_standby() { # <name>: a streaming standby of the primary (pg_basebackup -R); sets standby_port, standby_dir
  standby_dir="$work/pg-$1"
  standby_port=$(free_port)
  mkdir -p "$standby_dir"
  [[ $(id -u) == 0 ]] && chown postgres "$standby_dir"
  as_postgres env PGPASSWORD="$password" "$pg_bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U vig \
    -D "$standby_dir/data" -R -X stream -c fast >"$standby_dir/basebackup.log" 2>&1 \
    || { cat "$standby_dir/basebackup.log" >&2; exit 1; }
  # cluster_name is the standby's application_name on the primary, which synchronous_standby_names names.
  as_postgres "$pg_bin/pg_ctl" start -D "$standby_dir/data" -w -t 60 -l "$standby_dir/server.log" -o \
    "-c port=$standby_port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$standby_dir' -c max_connections=200 -c cluster_name=$1" >/dev/null
  fleet_clusters+=("$standby_dir/data")
}
make_synchronous() { # <standby name>: commits on the primary wait for that standby's flush
  # Set after pg_basebackup: in the copied postgresql.auto.conf it would make the promoted standby
  # wait for a standby of its own, forever.
  psql_at "$primary_port" postgres "ALTER SYSTEM SET synchronous_standby_names = '\"$1\"'"
  psql_at "$primary_port" postgres "ALTER SYSTEM SET synchronous_commit = 'on'"
  psql_at "$primary_port" postgres "SELECT pg_reload_conf()" >/dev/null
  for _ in $(seq 120); do
    [[ $(psql_at "$primary_port" postgres "SELECT count(*) FROM pg_stat_replication WHERE application_name = '$1' AND sync_state = 'sync'") == 1 ]] && return 0
    sleep 0.25
  done
  log "the standby $1 did not become synchronous"
  exit 1
}

# --- API instances at a fixed port, and HAProxy in front (deploy/haproxy.cfg) ---------------------

start_api_at() { # <name> <port> <connection string> [VAR=value ...]: like start_api, on a given port, with the production drain delay
  local name=$1 port=$2 conn=$3
  shift 3
  api_port=$port
  api_url="http://127.0.0.1:$port"
  (cd "$FLEET_API" && exec env ASPNETCORE_ENVIRONMENT=Production "ConnectionStrings__Vig=$conn" \
    Authentication__Issuer=vig-development "Authentication__Jwks=${jwks:?call token_for_tests first}" \
    ASPNETCORE_URLS="$api_url" "$@" dotnet Vig.Api.dll >>"$work/api-$name.log" 2>&1) &
  api_pid=$!
  track "$api_pid"
  wait_ready "$api_url" "$api_pid" "$name"
}
start_haproxy() { # <address:port>...: the committed config over these instances; sets lb_url, stats_url
  need haproxy haproxy
  local listen stats i=1
  listen=$(free_port)
  stats=$(free_port)
  local servers=()
  for address in "$@"; do servers+=("VIG_API_$i=$address"); i=$((i + 1)); done
  env VIG_LISTEN="127.0.0.1:$listen" VIG_STATS="127.0.0.1:$stats" "${servers[@]}" \
    haproxy -db -f "$fleet_root/deploy/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
  track $!
  lb_url="http://127.0.0.1:$listen"
  stats_url="http://127.0.0.1:$stats/stats;csv"
  for _ in $(seq 40); do curl -sf -o /dev/null "$stats_url" && return 0; sleep 0.25; done
  cat "$work/haproxy.log" >&2
  log "HAProxy did not start"
  exit 1
}
lb_status() { # <server name, e.g. api1>: its state as HAProxy's checks see it (UP, DOWN, ...)
  curl -sf "$stats_url" | awk -F, -v s="$1" '$1 == "vig-api" && $2 == s { print $18 }'
}
wait_lb_status() { # <server> <status prefix> <seconds>
  local deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do
    [[ $(lb_status "$1") == "$2"* ]] && return 0
    sleep 0.2
  done
  log "HAProxy did not see $1 $2 within $3 s (it says: $(lb_status "$1"))"
  exit 1
}
