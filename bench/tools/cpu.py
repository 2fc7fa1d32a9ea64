#!/usr/bin/env python3
"""CPU time used so far, in milliseconds: of one process (the API) and of a PostgreSQL cluster.

  cpu.py <api pid> <postmaster pid>   ->  "<api ms> <postgres ms>"

The cluster's figure is the postmaster's own time, the time of its live children (backends,
background workers) and of its children that have exited. Differences between two calls give the
CPU a run used; on a shared machine they vary much less than throughput does.
"""
import os
import sys

TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def stat(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            text = f.read()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()  # after "pid (comm) "
    return {"ppid": int(fields[1]), "self": int(fields[11]) + int(fields[12]), "children": int(fields[13]) + int(fields[14])}


def main():
    api, postmaster = sys.argv[1], int(sys.argv[2])
    api_stat = stat(api)
    pm = stat(postmaster)
    total = (pm["self"] + pm["children"]) if pm else 0
    for name in os.listdir("/proc"):
        if name.isdigit():
            s = stat(name)
            if s and s["ppid"] == postmaster:
                total += s["self"]
    print(f"{(api_stat['self'] if api_stat else 0) * TICK_MS:.0f} {total * TICK_MS:.0f}")


if __name__ == "__main__":
    main()
