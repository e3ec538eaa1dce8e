#!/usr/bin/env python3
"""Writes an incident list (`nines --input-format incidents`): start,end,service,status,title,
one row per incident, sorted by start. Deterministic: the same arguments give the same bytes.

usage: gen_incidents.py --incidents 1000000 --services 1000 --seed 42 --out incidents.csv"""
import argparse
import random
import sys
from datetime import datetime, timedelta, timezone

STATUSES = [("degraded_performance", 45), ("partial_outage", 25), ("major_outage", 20),
            ("under_maintenance", 10)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1000)
    parser.add_argument("--services", type=int, default=100)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--start", default="2026-01-01T00:00:00Z")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--out", default="-")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    start = datetime.fromisoformat(args.start.replace("Z", "+00:00")).astimezone(timezone.utc)
    span = args.days * 86_400
    statuses = [status for status, weight in STATUSES for _ in range(weight)]
    starts = sorted(rng.randrange(span) for _ in range(args.incidents))
    out = sys.stdout if args.out == "-" else open(args.out, "w", newline="")
    out.write("start,end,service,status,title\n")
    for number, offset in enumerate(starts):
        begin = start + timedelta(seconds=offset)
        length = int(rng.expovariate(1 / 1800)) + 60
        # One in a thousand is still open.
        end = "" if rng.random() < 0.001 else (begin + timedelta(seconds=length)).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
        service = f"svc-{rng.randrange(args.services):04d}"
        status = rng.choice(statuses)
        out.write(f"{begin:%Y-%m-%dT%H:%M:%SZ},{end},{service},{status},incident {number}\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
