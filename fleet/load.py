#!/usr/bin/env python3
"""Mixed load for the fleet checks (stdlib only, loopback only, bounded in count and time).

  load.py --url URL [--url URL ...] --token T --body FILE --rate R --seconds S --out FILE
          [--stop-file F] [--retry SECONDS]

Half the requests are keyed creates (POST /api/v1/referrals with an Idempotency-Key and a
child.externalCaseId of its own, so the database can be searched for duplicates), half reads of
a referral created earlier. Requests go round-robin over the URLs. Without --retry every request
is sent once and anything but 2xx counts as failed. With --retry, a create answered 503, 409
(its key still in flight) or a broken connection is sent again with the same key, on the next
URL, until acknowledged or SECONDS have passed. It stops after S seconds or once the stop file
exists, waits for what is in flight, and writes a JSON summary.
"""
import argparse
import http.client
import itertools
import json
import random
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor

parser = argparse.ArgumentParser()
parser.add_argument("--url", action="append", required=True)
parser.add_argument("--token", required=True)
parser.add_argument("--body", required=True)
parser.add_argument("--rate", type=float, default=50)
parser.add_argument("--seconds", type=float, default=60)
parser.add_argument("--out", required=True)
parser.add_argument("--stop-file")
parser.add_argument("--retry", type=float, default=0)
args = parser.parse_args()
for url in args.url:
    assert urllib.parse.urlsplit(url).hostname.startswith("127."), "loopback only"

template = json.load(open(args.body, encoding="utf-8"))
lock = threading.Lock()
statuses = {}          # status (or "error") -> count, over every request sent, retries included
failed = 0             # requests (not counting retries) that did not end in 2xx
sent = 0
acknowledged = []      # {"key", "id", "case", "at"} of every create answered 201
created_ids = []
targets = itertools.cycle(args.url)


def count(status):
    with lock:
        statuses[str(status)] = statuses.get(str(status), 0) + 1


def send(method, url, path, body=None, key=None):
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {"Authorization": "Bearer " + args.token, "Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    if key is not None:
        headers["Idempotency-Key"] = key
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        count(response.status)
        return response.status, data
    except (OSError, http.client.HTTPException):
        count("error")
        return None, b""
    finally:
        connection.close()


def create(n, url):
    global failed
    key = str(uuid.uuid4())
    case = f"FLEET-{n}"
    body = dict(template)
    body["child"] = dict(template["child"], externalCaseId=case)
    payload = json.dumps(body).encode()
    deadline = time.monotonic() + args.retry
    while True:
        status, data = send("POST", url, "/api/v1/referrals", payload, key)
        if status == 201:
            referral = json.loads(data)
            with lock:
                acknowledged.append({"key": key, "id": referral["id"], "case": case, "at": time.time()})
                created_ids.append(referral["id"])
            return
        if args.retry and (status in (None, 409, 503)) and time.monotonic() < deadline:
            time.sleep(0.25)
            url = next(targets)
            continue
        with lock:
            failed += 1
        return


def read(url):
    global failed
    with lock:
        known = random.choice(created_ids) if created_ids else None
    path = f"/api/v1/referrals/{known}" if known else "/api/v1/referrals?limit=5"
    status, _ = send("GET", url, path)
    if status is None or not 200 <= status < 300:
        with lock:
            failed += 1


def stopped():
    if args.stop_file:
        try:
            open(args.stop_file).close()
            return True
        except OSError:
            return False
    return False


started = time.monotonic()
with ThreadPoolExecutor(max_workers=64) as pool:
    for n in itertools.count():
        due = started + n / args.rate
        if due - started >= args.seconds or stopped():
            break
        pause = due - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        url = next(targets)
        sent += 1
        if n % 2 == 0:
            pool.submit(create, n, url)
        else:
            pool.submit(read, url)

with open(args.out, "w", encoding="utf-8") as out:
    json.dump({"sent": sent, "failed": failed, "statuses": statuses, "acknowledged": acknowledged,
               "seconds": round(time.monotonic() - started, 1)}, out)
