#!/usr/bin/env python3
"""The DuckDB peer: the per-service report an SRE would write in SQL, on an events CSV
(timestamp,service,status) and a window [FROM, TO): each status lasts until the service's
next event (the later of two events at one instant wins), a service is operational before
its first event, maintenance is left out of the counted time, and downtime is weighted
degraded_performance 0.1, partial_outage 0.3, major_outage 1 (nines' defaults).

Prints the number of services and their summed weighted downtime in seconds, which
`nines report --format json` on the same file and window must equal.

usage: duckdb_peer.py EVENTS.csv FROM TO        (pip install duckdb)"""
import sys

import duckdb


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    path, start, end = sys.argv[1:]
    query = """
    WITH events AS (
        SELECT service, CAST("timestamp" AS TIMESTAMPTZ) AS ts, status,
               row_number() OVER () AS line
        FROM read_csv($path, header = true, all_varchar = true)
    ),
    stretches AS (
        -- Each event's status until the service's next event, cut to the window.
        SELECT service, status,
               greatest(ts, CAST($start AS TIMESTAMPTZ)) AS since,
               least(coalesce(lead(ts) OVER (PARTITION BY service ORDER BY ts, line),
                              CAST($end AS TIMESTAMPTZ)), CAST($end AS TIMESTAMPTZ)) AS until
        FROM events
        UNION ALL
        -- Operational from the window's start to the service's first event.
        SELECT service, 'operational', CAST($start AS TIMESTAMPTZ), least(min(ts), CAST($end AS TIMESTAMPTZ))
        FROM events GROUP BY service
    ),
    seconds AS (
        SELECT service, status, epoch(until) - epoch(since) AS length
        FROM stretches WHERE until > since
    )
    SELECT service,
           coalesce(sum(length) FILTER (WHERE status <> 'under_maintenance'), 0) AS counted,
           coalesce(sum(length * CASE status WHEN 'major_outage' THEN 1
                                             WHEN 'partial_outage' THEN 0.3
                                             WHEN 'degraded_performance' THEN 0.1
                                             ELSE 0 END), 0) AS downtime
    FROM seconds GROUP BY service ORDER BY service
    """
    rows = duckdb.execute(query, {"path": path, "start": start, "end": end}).fetchall()
    print(len(rows), round(sum(float(row[2]) for row in rows), 3))


if __name__ == "__main__":
    main()
