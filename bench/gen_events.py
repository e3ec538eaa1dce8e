#!/usr/bin/env python3
"""Deterministic events generator for benchmarking `nines report`.

Writes a `timestamp,service,status` CSV (with header), sorted by time, timestamps
RFC 3339 UTC with whole seconds and a `Z` suffix (2026-01-01T00:00:07Z), services
named svc-0000 .. svc-NNNN.

Model: every service starts `operational` at --start, then alternates strictly
between operational and an incident (operational -> incident -> operational -> ...).
Operational stretches are long (exponential, mean OP_MEAN s); incidents are short
(exponential, per-kind mean) and drawn from INCIDENTS below, so services are
operational most of the *time*, while about half of the *events* are incidents.
Events of all services are merged in time order with a heap (ties: lower service
index first) and the stream stops after exactly --events lines.

Same arguments (including --seed) => byte-identical output, on any Python 3.

10,000,000 events over 1,000 services: ~450 MB, spanning about a year.

usage: gen_events.py --events N --services S [--seed K] [--start TS] [--out FILE]
Pure standard library (Python 3.11).
"""
import argparse
import bisect
import datetime as dt
import heapq
import random
import sys

# (status, probability among incidents, mean duration in seconds)
INCIDENTS = [
    ("degraded_performance", 0.40, 600.0),
    ("partial_outage", 0.25, 400.0),
    ("major_outage", 0.15, 250.0),
    ("under_maintenance", 0.20, 1800.0),
]
OP_MEAN = 5600.0  # mean length of an operational stretch, seconds

BATCH = 200_000  # lines per write


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, required=True, help="total data lines")
    ap.add_argument("--services", type=int, required=True, help="number of services")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--start", default="2026-01-01T00:00:00Z",
                    help="first timestamp (RFC 3339, UTC, whole seconds)")
    ap.add_argument("--out", default="-", help="output file ('-' = stdout)")
    a = ap.parse_args()
    if a.events < 0 or a.services < 1:
        ap.error("--events must be >= 0 and --services >= 1")
    if a.services > 10_000:
        ap.error("--services must be <= 10000 (names are svc-%04d)")

    start = dt.datetime.fromisoformat(a.start.replace("Z", "+00:00"))
    if start.tzinfo is None:
        start = start.replace(tzinfo=dt.timezone.utc)
    start = start.astimezone(dt.timezone.utc).replace(microsecond=0)
    # day-aligned base so a timestamp is day_prefix[d] + hms[s]
    base_day = start.replace(hour=0, minute=0, second=0)
    t0 = int((start - base_day).total_seconds())

    hms = [f"{h:02d}:{m:02d}:{s:02d}Z" for h in range(24) for m in range(60) for s in range(60)]
    day_cache: dict[int, str] = {}

    def day_prefix(d: int) -> str:
        p = day_cache.get(d)
        if p is None:
            p = (base_day + dt.timedelta(days=d)).strftime("%Y-%m-%dT")
            day_cache[d] = p
        return p

    rng = random.Random(a.seed)
    rand = rng.random
    expo = rng.expovariate

    names = [f",svc-{i:04d}," for i in range(a.services)]
    cum, acc = [], 0.0
    for _, p, _ in INCIDENTS:
        acc += p
        cum.append(acc)
    cum[-1] = 1.0
    inc_status = [s for s, _, _ in INCIDENTS]
    inc_rate = [1.0 / m for _, _, m in INCIDENTS]
    op_rate = 1.0 / OP_MEAN
    bisect_right = bisect.bisect_right

    # per service: next event time and whether that next event is an incident
    heap = [(t0, i) for i in range(a.services)]  # already a valid heap
    next_is_incident = [False] * a.services  # first event: operational
    heapreplace = heapq.heapreplace

    out = sys.stdout if a.out == "-" else open(a.out, "w", encoding="ascii", newline="\n",
                                                 buffering=1 << 20)
    try:
        out.write("timestamp,service,status\n")
        buf: list[str] = []
        append = buf.append
        cur_day, cur_prefix = -1, ""
        for _ in range(a.events):
            t, i = heap[0]
            d, s = divmod(t, 86400)
            if d != cur_day:
                cur_day, cur_prefix = d, day_prefix(d)
            if next_is_incident[i]:
                k = bisect_right(cum, rand())
                status = inc_status[k]
                dur = int(expo(inc_rate[k])) + 1
                next_is_incident[i] = False
            else:
                status = "operational"
                dur = int(expo(op_rate)) + 1
                next_is_incident[i] = True
            append(cur_prefix + hms[s] + names[i] + status + "\n")
            heapreplace(heap, (t + dur, i))
            if len(buf) >= BATCH:
                out.write("".join(buf))
                buf.clear()
        out.write("".join(buf))
    finally:
        if out is not sys.stdout:
            out.close()
        else:
            out.flush()


if __name__ == "__main__":
    main()
