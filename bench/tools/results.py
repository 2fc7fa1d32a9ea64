#!/usr/bin/env python3
"""Reads wrk's and pgbench's output and prints bench/run's table.

  results.py wrk <wrk output> [<cpu before> <cpu after>]      -> JSON: req/s, p50/p99 ms, requests, non-2xx,
                                                               socket errors, CPU ms of the API and of PostgreSQL
  results.py pgbench <pgbench output> [<cpu before> <cpu after>]  -> JSON: tx/s, transactions, failed, first error,
                                                               CPU ms of PostgreSQL
  (a cpu figure is tools/cpu.py's output, "<api ms> <postgres ms>")
  results.py row <op> <label> <c> <wrk json> <pgbench json> <capture.jsonl> <peak RSS MB>  -> one JSON row
  results.py table <results.jsonl>                 -> the table
  results.py compare <op> <side> <peak RSS MB> <capture.jsonl> <wrk json>...  -> one JSON row of the baseline
                                                   comparison, the slices added up
  results.py baseline <baseline.jsonl>             -> the comparison table
  results.py errors <results.jsonl> [baseline.jsonl]  -> says which runs had errors; exit 1 if any
"""
import json
import os
import re
import sys

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def ms(text):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    return float(m.group(1)) * UNITS[m.group(2)] if m else None


def cpu_used(before, after):
    (a0, p0), (a1, p1) = (map(float, x.split()) for x in (before, after))
    return a1 - a0, p1 - p0


def parse_wrk(path, before=None, after=None):
    text = open(path).read()
    result = {"rps": 0.0, "p50": None, "p95": None, "p99": None, "requests": 0, "non2xx": 0, "socket_errors": 0}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if m:
        result["rps"] = float(m.group(1))
    for pct, value in re.findall(r"^\s+(50|99)%\s+(\S+)", text, re.M):
        result["p" + pct] = ms(value)
    m = re.search(r"Latency p95: ([\d.]+)ms", text)
    if m:
        result["p95"] = float(m.group(1))
    m = re.search(r"(\d+) requests in", text)
    if m:
        result["requests"] = int(m.group(1))
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if m:
        result["non2xx"] = int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        result["socket_errors"] = sum(int(x) for x in m.groups())
    m = re.search(r"requests in ([\d.]+)(us|ms|s|m),", text)
    result["seconds"] = ms(m.group(1) + m.group(2)) / 1000 if m else None
    if before and after:
        result["api_cpu_ms"], result["db_cpu_ms"] = cpu_used(before, after)
    return result


def parse_pgbench(path, before=None, after=None):
    text = open(path).read()
    result = {"tps": 0.0, "transactions": 0, "failed": 0, "error": None}
    m = re.search(r"tps = ([\d.]+) \(without initial connection time\)", text)
    if m:
        result["tps"] = float(m.group(1))
    m = re.search(r"number of transactions actually processed: (\d+)", text)
    if m:
        result["transactions"] = int(m.group(1))
    m = re.search(r"number of failed transactions: (\d+)", text)
    if m:
        result["failed"] = int(m.group(1))
    m = re.search(r"^.*(?:aborted|ERROR|error|FATAL).*$", text, re.M)
    if m or not result["transactions"]:
        result["error"] = (m.group(0) if m else text.strip().splitlines()[-1] if text.strip() else "no output")[:300]
    if before and after:
        result["db_cpu_ms"] = cpu_used(before, after)[1]
    return result


def row(op, label, c, wrk_path, pgbench_path, capture_path, rss):
    api = json.load(open(wrk_path))
    # "-": a row without SQL, so without pgbench (the floor row).
    pg = json.load(open(pgbench_path)) if pgbench_path != "-" else {"tps": None, "failed": 0, "transactions": 0, "error": None, "db_cpu_ms": None}
    capture = {}
    if os.path.exists(capture_path):
        for line in open(capture_path):
            item = json.loads(line)
            if item["op"] == op:
                capture = item
    return {"op": op, "label": label, "c": int(c), "api": api, "pgbench": pg, "capture": capture, "rss_mb": int(rss)}


def api_errors(api):
    return api["non2xx"] + api["socket_errors"]


def counts(cap):
    if not cap:
        return "-"
    return f"{cap['statements'] - cap['discard_all']} (+{cap['discard_all']}) / {cap['round_trips']} / {cap['commits']}"


def per(total, count):
    return total / count if total is not None and count else None


def cpu_text(api, pg=None):
    """CPU ms per request: API + PostgreSQL [/ PostgreSQL per pgbench transaction]."""
    text = f"{fmt(per(api.get('api_cpu_ms'), api['requests']), 2)} + {fmt(per(api.get('db_cpu_ms'), api['requests']), 2)}"
    if pg is not None:
        text += f" / {fmt(per(pg.get('db_cpu_ms'), pg['transactions']), 2)}"
    return text


def cpu_ratio(base, cur):
    """How many times less CPU (API and PostgreSQL together) the current API needs per request."""
    b = per((base.get("api_cpu_ms") or 0) + (base.get("db_cpu_ms") or 0), base["requests"])
    c = per((cur.get("api_cpu_ms") or 0) + (cur.get("db_cpu_ms") or 0), cur["requests"])
    return b / c if b and c else None


def fmt(value, digits=0):
    if value is None:
        return "-"
    if digits == 0 and abs(value) < 10:
        digits = 1  # 0.5 req/s is not 0
    return f"{value:,.{digits}f}"


def table(path):
    rows = [json.loads(line) for line in open(path) if line.strip()]
    header = ["operation", "c", "API req/s", "pgbench tx/s", "ratio", "API p50 / p95 / p99 ms", "statements (+DISCARD ALL) / round trips / commits",
              "CPU ms: API + PostgreSQL per request / PostgreSQL per pgbench tx", "peak RSS MB", "errors: non-2xx, failed"]
    lines = []
    for r in rows:
        api, pg, cap = r["api"], r["pgbench"], r["capture"]
        ratio = api["rps"] / pg["tps"] if pg["tps"] else None
        errors = f"API {api_errors(api):,} of {api['requests']:,}" + (f", pgbench {pg['failed']:,} of {pg['transactions'] + pg['failed']:,}" if pg["tps"] is not None else "")
        if api["socket_errors"]:
            errors += f" ({api['socket_errors']} socket errors)"
        if pg["error"]:
            errors += f"; pgbench: {pg['error']}"
        counts_text = counts(cap)
        lines.append([r["label"], str(r["c"]), fmt(api["rps"]), fmt(pg["tps"]), fmt(ratio, 2),
                      f"{fmt(api['p50'], 1)} / {fmt(api.get('p95'), 1)} / {fmt(api['p99'], 1)}", counts_text, cpu_text(api, pg), str(r["rss_mb"]), errors])
    print_table(header, lines)


def print_table(header, lines):
    widths = [max(len(x) for x in column) for column in zip(header, *lines)]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for line in lines:
        print("| " + " | ".join(x.ljust(w) for x, w in zip(line, widths)) + " |")


def merge(slices):
    """Slices of one wrk run added up: requests and CPU summed, req/s over the summed time, the median
    slice's p50 and the highest p99."""
    total = {k: sum(x.get(k) or 0 for x in slices) for k in ("requests", "non2xx", "socket_errors", "api_cpu_ms", "db_cpu_ms", "seconds")}
    total["rps"] = total["requests"] / total["seconds"] if total["seconds"] else 0.0
    p50s = sorted(x["p50"] for x in slices if x["p50"] is not None)
    total["p50"] = p50s[len(p50s) // 2] if p50s else None
    total["p99"] = max((x["p99"] for x in slices if x["p99"] is not None), default=None)
    total["slices"] = [round(x["rps"]) for x in slices]
    return total


TARGETS = {"get": 1.5, "create": 1.4}


def baseline(path):
    rows = {}
    for line in open(path):
        item = json.loads(line)
        rows[(item["op"], item["side"])] = item
    header = ["operation", "current req/s", "baseline req/s", "current / baseline", "issue 11 target", "by CPU: baseline ms / current ms", "p50 / p99 ms current", "p50 / p99 ms baseline",
              "statements (+DISCARD ALL) / round trips / commits, current", "the same, baseline",
              "CPU ms per request, API + PostgreSQL: current", "baseline", "req/s of each slice: current", "baseline", "peak RSS MB current / baseline", "errors: non-2xx"]
    lines = []
    for op, name in (("create", "POST /referrals (submit)"), ("get", "GET /referrals/{id}"), ("list-team", "GET /referrals?status=Submitted (team)"),
                     ("list-own", "GET /referrals?status=Submitted (own)"), ("list-solo", "GET /referrals (solo client)"),
                     ("accept", "POST /referrals/{id}/accept")):
        cur, base = rows.get((op, "current")), rows.get((op, "baseline"))
        if not cur or not base:
            continue
        ratio = cur["api"]["rps"] / base["api"]["rps"] if base["api"]["rps"] else None
        errors = [f"{side} {api_errors(x['api']):,} of {x['api']['requests']:,}" for side, x in (("current", cur), ("baseline", base))]
        lines.append([name, fmt(cur["api"]["rps"]), fmt(base["api"]["rps"]), fmt(ratio, 2), f">= {TARGETS[op]}" if op in TARGETS else "-", fmt(cpu_ratio(base["api"], cur["api"]), 2),
                      f"{fmt(cur['api']['p50'], 1)} / {fmt(cur['api']['p99'], 1)}", f"{fmt(base['api']['p50'], 1)} / {fmt(base['api']['p99'], 1)}",
                      counts(cur.get("capture")), counts(base.get("capture")), cpu_text(cur["api"]), cpu_text(base["api"]),
                      " ".join(map(str, cur["api"].get("slices", []))), " ".join(map(str, base["api"].get("slices", []))),
                      f"{cur['rss_mb']} / {base['rss_mb']}", ", ".join(errors)])
    print_table(header, lines)


def errors(paths):
    bad = []
    for path in paths:
        if not os.path.exists(path):
            continue
        for line in open(path):
            r = json.loads(line)
            label = r.get("label") or f"{r['op']} ({r['side']})"
            if api_errors(r["api"]) or not r["api"]["requests"]:
                bad.append(f"{label}: API {api_errors(r['api'])} errors of {r['api']['requests']} requests")
            if "pgbench" in r and (r["pgbench"]["failed"] or r["pgbench"]["error"]):
                bad.append(f"{label}: pgbench {r['pgbench']['error'] or str(r['pgbench']['failed']) + ' failed'}")
    if bad:
        print("bench: this run had errors; its figures do not stand for the operations:\n  " + "\n  ".join(bad))
        sys.exit(1)
    print("bench: no errors (every API request answered 2xx, every pgbench transaction succeeded)")


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == "wrk":
        print(json.dumps(parse_wrk(*args)))
    elif command == "pgbench":
        print(json.dumps(parse_pgbench(*args)))
    elif command == "row":
        print(json.dumps(row(*args)))
    elif command == "table":
        table(args[0])
    elif command == "compare":
        op, side, rss, capture_path = args[:4]
        slices = [json.load(open(path)) for path in args[4:]]
        capture = {}
        if os.path.exists(capture_path):
            for line in open(capture_path):
                item = json.loads(line)
                if item["op"] in (op, op + "-common"):
                    capture = item
        print(json.dumps({"op": op, "side": side, "api": merge(slices), "rss_mb": int(rss), "capture": capture}))
    elif command == "baseline":
        baseline(args[0])
    elif command == "errors":
        errors(args)


if __name__ == "__main__":
    main()
