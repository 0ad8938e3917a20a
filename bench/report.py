"""Turns the records of one `make bench` run into results.json and a table on stdout.

Usage: report.py RECORDS_JSONL RUN_JSON OUTPUT_JSON
Records (one JSON object a line, written by scripts/bench.sh):
  {"type": "measurement", "key", "label", "tool", "concurrency", "rps", "p50_ms", "p95_ms", ...}
  {"type": "ratio", "key", "label", "value", "goal"}          met when value <= goal
  {"type": "metric", "key", "label", "value", "unit", "goal"}  met when value < goal (if any)
  {"type": "metric", ..., "at_least": true}                     met when value >= goal (throughput)
  {"type": "note", "text"}
"""

import json
import sys


def fmt(value, digits=2):
    if value is None:
        return "-"
    if isinstance(value, (int, float)):
        return f"{value:.{digits}f}"
    return str(value)


def verdict(value, goal, strict, at_least=False):
    if goal is None or value is None:
        return ""
    if at_least:
        met = value >= goal
    else:
        met = value < goal if strict else value <= goal
    return "met" if met else "MISSED"


def main():
    records_path, run_path, output_path = sys.argv[1:4]
    with open(records_path) as f:
        records = [json.loads(line) for line in f if line.strip()]
    with open(run_path) as f:
        run = json.load(f)

    measurements = [r for r in records if r["type"] == "measurement"]
    ratios = [r for r in records if r["type"] == "ratio"]
    metrics = [r for r in records if r["type"] == "metric"]
    notes = [r["text"] for r in records if r["type"] == "note"]
    for r in ratios:
        r["met"] = None if r.get("goal") is None else r["value"] <= r["goal"]
    for r in metrics:
        if r.get("goal") is None or r["value"] is None:
            r["met"] = None
        else:
            r["met"] = r["value"] >= r["goal"] if r.get("at_least") else r["value"] < r["goal"]

    results = {
        "run": run,
        "measurements": {r["key"]: {k: v for k, v in r.items() if k not in ("type", "key")} for r in measurements},
        "ratios": {r["key"]: {k: v for k, v in r.items() if k not in ("type", "key")} for r in ratios},
        "metrics": {r["key"]: {k: v for k, v in r.items() if k not in ("type", "key")} for r in metrics},
        "notes": notes,
    }
    with open(output_path, "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")

    print()
    print(f"make bench — {run.get('git_commit', '?')}{' (dirty)' if run.get('git_dirty') else ''}, "
          f"release build, {run.get('cpus', '?')} CPUs, {run.get('seconds_per_measurement', '?')} s per measurement, "
          f"load average {run.get('load_average_at_start', '?')} at start")
    print()
    lw = max([44] + [len(r["label"]) for r in measurements])
    head = f"{'measurement':<{lw}} {'tool':<8} {'c':>3} {'req/s':>10} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9} {'errors':>7}"
    print(head)
    print("-" * len(head))
    for r in measurements:
        errors = sum((r.get("errors") or {}).values())
        print(f"{r['label']:<{lw}} {r['tool']:<8} {r['concurrency']:>3} {fmt(r['rps'], 1):>10} "
              f"{fmt(r['p50_ms'], 3):>9} {fmt(r['p95_ms'], 3):>9} {fmt(r['p99_ms'], 3):>9} {errors:>7}")
    if ratios:
        print()
        head = f"{'ratio':<60} {'value':>8} {'goal':>8}  verdict"
        print(head)
        print("-" * len(head))
        for r in ratios:
            goal = f"<= {fmt(r['goal'], 1)}" if r.get("goal") is not None else "-"
            print(f"{r['label']:<60} {fmt(r['value']) + 'x':>8} {goal:>8}  {verdict(r['value'], r.get('goal'), False)}")
    if metrics:
        print()
        width = max([60] + [len(r["label"]) for r in metrics])
        head = f"{'metric':<{width}} {'value':>12} {'goal':>12}  verdict"
        print(head)
        print("-" * len(head))
        for r in metrics:
            unit = r.get("unit", "")
            sign = ">=" if r.get("at_least") else "<"
            goal = f"{sign} {fmt(r['goal'], 0)} {unit}" if r.get("goal") is not None else "-"
            print(f"{r['label']:<{width}} {fmt(r['value'], 1) + ' ' + unit:>12} {goal:>12}  "
                  f"{verdict(r['value'], r.get('goal'), True, r.get('at_least', False))}")
    print()
    for note in notes:
        print(f"note: {note}")
    missed = [r["key"] for r in ratios + metrics if r.get("met") is False]
    print(f"goals missed: {', '.join(missed) if missed else 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
