#!/usr/bin/env python3
"""The pandas peer: the same per-service report as duckdb_peer.py, as an ad-hoc pandas
script: each status lasts until the service's next event (the later of two events at one
instant wins), operational before the first event, maintenance not counted, downtime
weighted degraded_performance 0.1, partial_outage 0.3, major_outage 1.

Prints the number of services and their summed weighted downtime in seconds.

usage: pandas_peer.py EVENTS.csv FROM TO        (pip install pandas)"""
import sys

import pandas as pd

WEIGHTS = {"degraded_performance": 0.1, "partial_outage": 0.3, "major_outage": 1.0}


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    path, start, end = sys.argv[1:]
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    events = pd.read_csv(path, dtype={"service": "string", "status": "string"})
    events["at"] = pd.to_datetime(events["timestamp"], utc=True, format="ISO8601")
    # A stable sort keeps the file's order among events at one instant.
    events = events.sort_values(["service", "at"], kind="stable")
    events["until"] = events.groupby("service")["at"].shift(-1).fillna(end).clip(upper=end)
    events["since"] = events["at"].clip(lower=start)
    first = events.groupby("service")["at"].min().clip(upper=end)
    before = first.rename("until").reset_index()
    before["status"], before["since"] = "operational", start
    stretches = pd.concat([events[["service", "status", "since", "until"]], before])
    stretches["length"] = (stretches["until"] - stretches["since"]).dt.total_seconds()
    stretches = stretches[stretches["length"] > 0]
    weight = stretches["status"].map(WEIGHTS).fillna(0.0).astype(float)
    downtime = (stretches["length"] * weight).groupby(stretches["service"]).sum()
    print(len(first), round(float(downtime.sum()), 3))


if __name__ == "__main__":
    main()
