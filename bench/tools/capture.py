#!/usr/bin/env python3
"""Turns what bench/run captured for one request of each operation into pgbench scripts.

Inputs: the server's log (log_min_duration_statement = 0, log_line_prefix '%m [%p] v=%v x=%x '),
the wire proxy's events (wire_proxy.py) and a windows file, one JSON object per operation:

    {"op": "get", "log": [start, end], "events": [start, end],
     "map": {"<value sent by the API>": "<SQL expression for pgbench>", ...},
     "header": ["\\set k random(1, 10000)", ...]}

where log and events are byte ranges of the two files written while that request ran. For each
operation it writes to the output folder:

    <op>.sql       the statements as captured, grouped by round trip, with their parameters
    <op>.pgbench   the pgbench script: the same statements in the same transactions and round trips
                   (statements the API sent in one round trip go in one pipeline), each parameter
                   put back as the literal the API sent, except values that must differ per
                   transaction (see "map", fresh uuids, the reference number)

and prints one JSON line per operation: statements, round trips and commits per request.

Rules for parameters, in order:
  - NULL stays NULL;
  - a value named in "map" becomes that expression (e.g. the seeded referral's id, the idempotency key);
  - any other uuid is one the API made for this request (a new referral, parent/carer or consent):
    it becomes md5('bench-new-' || :u || '-<n>')::uuid, the same value for the same uuid;
  - a referral reference VIG-yyyy-nnnnnn becomes one built from the number the captured
    SELECT nextval('referral_number') returned (that statement gets \\gset), else from a counter;
  - anything else is the literal the API sent.
DISCARD ALL (sent by Npgsql when a pooled connection is reused) is counted but left out of the
script: with -M prepared it would drop pgbench's prepared statements.

Usage: capture.py LOG EVENTS WINDOWS OUT_DIR
"""
import json
import os
import re
import sys
from collections import OrderedDict, defaultdict

PREFIX = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \S+ \[(\d+)\] v=(\S*) x=(\d+) (\w+):  (.*)$")
STATEMENT = re.compile(r"^duration: [\d.]+ ms  (?:execute [^:]*|statement): (.*)$", re.S)
PARAMETER = re.compile(r"\$(\d+) = (NULL|'(?:[^']|'')*')", re.S)
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
REFERENCE = re.compile(r"^VIG-(\d{4})-\d{6,8}$")
PLACEHOLDER = re.compile(r"\$(\d+)\b")
NEXTVAL = re.compile(r"^\s*SELECT nextval\('referral_number'\)\s*;?\s*$", re.I)


def read_range(path, start, end):
    with open(path, "rb") as f:
        f.seek(start)
        return f.read(end - start).decode("utf-8", "replace")


def log_records(text):
    """(pid, vxid, xid, level, message) for each record; continuation lines join their record."""
    records = []
    for line in text.split("\n"):
        m = PREFIX.match(line)
        if m:
            records.append([int(m.group(1)), m.group(2), int(m.group(3)), m.group(4), m.group(5)])
        elif records:
            records[-1][4] += "\n" + line
    return records


def statements(records):
    """Executed statements in log order: dicts with pid, vxid, xid, sql, params. A DETAIL with
    parameters belongs to the LOG record just before it from the same backend (parse and bind are
    logged too, each with its own DETAIL: those are skipped)."""
    result = []
    last = {}  # pid -> the statement its latest LOG record was, or None
    for pid, vxid, xid, level, message in records:
        if level == "LOG":
            m = STATEMENT.match(message)
            last[pid] = {"seq": len(result), "pid": pid, "vxid": vxid, "xid": xid, "sql": m.group(1).rstrip(), "params": {}} if m else None
            if m:
                result.append(last[pid])
        elif level == "DETAIL" and message.startswith("parameters: ") and last.get(pid):
            for number, value in PARAMETER.findall(message):
                last[pid]["params"][int(number)] = None if value == "NULL" else value[1:-1].replace("''", "'")
    return result


def bursts(text):
    """Per backend pid, the answered bursts in order: how many statements each carried."""
    per_pid = defaultdict(list)
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 5:
            per_pid[int(parts[2])].append(int(parts[3]) + int(parts[4]))
    return per_pid


def group(stmts, per_pid):
    """Statements grouped into round trips, in log order; None if the counts do not match."""
    by_pid = defaultdict(list)
    for s in stmts:
        by_pid[s["pid"]].append(s)
    trips = []
    for pid, items in by_pid.items():
        sizes = per_pid.get(pid, [])
        if sum(sizes) != len(items):
            return None
        i = 0
        for size in sizes:
            if size:
                trips.append(items[i:i + size])
            i += size
    trips.sort(key=lambda trip: trip[0]["seq"])
    return trips


def literal(value):
    """A SQL string literal pgbench leaves alone: no ':name' inside (pgbench would take it for a variable)."""
    if ":" in value or "\\" in value:
        return "E'" + value.replace("\\", "\\\\").replace("'", "''").replace(":", "\\x3a") + "'"
    return "'" + value.replace("'", "''") + "'"


class Substitution:
    def __init__(self, mapping, has_nextval):
        self.mapping = mapping
        self.has_nextval = has_nextval
        self.fresh = OrderedDict()
        self.notes = OrderedDict()

    def expression(self, value):
        if value is None:
            return "NULL"
        if value in self.mapping:
            self.notes[value] = self.mapping[value]
            return self.mapping[value]
        if UUID.match(value):
            if value not in self.fresh:
                self.fresh[value] = f"md5('bench-new-' || :u || '-{len(self.fresh) + 1}')::uuid"
            self.notes[value] = self.fresh[value] + "  (made by the API for this request)"
            return self.fresh[value]
        m = REFERENCE.match(value)
        if m:
            number = ":nextval" if self.has_nextval else "(90000000 + :client_id * 100000 + :i)"
            expr = f"'VIG-{m.group(1)}-' || lpad({number}::text, greatest(6, length({number}::text)), '0')"
            self.notes[value] = expr
            return "(" + expr + ")"
        return literal(value)

    def sql(self, statement):
        def replace(m):
            number = int(m.group(1))
            return self.expression(statement["params"].get(number)) if number in statement["params"] else m.group(0)
        return PLACEHOLDER.sub(replace, statement["sql"])


def is_discard(sql):
    return sql.strip().rstrip(";").upper() == "DISCARD ALL"


def write_op(window, log_path, events_path, out_dir):
    op = window["op"]
    stmts = statements(log_records(read_range(log_path, *window["log"])))
    per_pid = bursts(read_range(events_path, *window["events"]))
    # Only the connections the request used through the proxy (not, say, autovacuum).
    stmts = [s for s in stmts if s["pid"] in per_pid]
    trips = group(stmts, per_pid)
    round_trips = sum(1 for sizes in per_pid.values() for size in sizes if size)
    commits = len({s["xid"] for s in stmts if s["xid"] != 0})
    warning = None
    if trips is None:
        warning = "statements and round trips did not match: each statement is its own round trip in the script"
        trips = [[s] for s in stmts]

    has_nextval = any(NEXTVAL.match(s["sql"]) for s in stmts)
    sub = Substitution(window.get("map", {}), has_nextval)
    lines = [f"-- {op}: captured from one request (bench/run). Generated by bench/tools/capture.py; edit that, not this.",
             "-- -D i=0 must be given: i counts this client's transactions.",
             "\\set i :i + 1",
             "\\set u random(1, 4611686018427387903)"]
    lines += window.get("header", [])
    readable = [f"-- {op}: {len(stmts)} statements, {round_trips} round trips, {commits} commits (write transactions)"]
    for n, trip in enumerate(trips, 1):
        kept = [s for s in trip if not is_discard(s["sql"])]
        readable.append(f"\n-- round trip {n} (backend {trip[0]['pid']})")
        for s in trip:
            readable.append(f"-- transaction {s['vxid']}{' xid ' + str(s['xid']) if s['xid'] else ''}")
            readable.append(s["sql"] + ";")
            if s["params"]:
                readable.append("--   " + ", ".join(f"${k} = {v!r}" for k, v in sorted(s["params"].items())))
        pipeline = len(kept) > 1 and not any(NEXTVAL.match(s["sql"]) for s in kept)
        if any(is_discard(s["sql"]) for s in trip):
            lines.append("-- DISCARD ALL left out (see capture.py)")
        if pipeline:
            lines.append("\\startpipeline")
        for s in kept:
            # Whole-line SQL comments (the API's query tags, "-- vig:audited-read") left out of the script:
            # pgbench takes ":audited" there for a variable, and with -M prepared turns it into a parameter
            # that no expression types ("could not determine data type of parameter $1").
            text = "\n".join(line for line in sub.sql(s).splitlines() if not line.lstrip().startswith("--")).rstrip().rstrip(";")
            lines.append(text + (" \\gset" if NEXTVAL.match(s["sql"]) else ";"))
        if pipeline:
            lines.append("\\endpipeline")

    readable.append("\n-- parameters that differ per transaction in the pgbench script:")
    readable += [f"--   {value} -> {expr}" for value, expr in sub.notes.items()]
    with open(os.path.join(out_dir, op + ".sql"), "w") as f:
        f.write("\n".join(readable) + "\n")
    with open(os.path.join(out_dir, op + ".pgbench"), "w") as f:
        f.write("\n".join(lines) + "\n")
    result = {"op": op, "statements": len(stmts), "round_trips": round_trips, "commits": commits,
              "discard_all": sum(1 for s in stmts if is_discard(s["sql"]))}
    if warning:
        result["warning"] = warning
    print(json.dumps(result))


def main():
    log_path, events_path, windows_path, out_dir = sys.argv[1:5]
    with open(windows_path) as f:
        for line in f:
            if line.strip():
                write_op(json.loads(line), log_path, events_path, out_dir)


if __name__ == "__main__":
    main()
