"""Turns bench/hiring/load.sh's JSON into records of `make bench` (one JSON object a line, the
format bench/report.py reads).

Usage: records.py load LOAD_JSON
"""

import json
import sys


def metric(key, label, value, unit, goal=None):
    print(json.dumps({"type": "metric", "key": key, "label": label, "value": value, "unit": unit, "goal": goal}))


def note(text):
    print(json.dumps({"type": "note", "text": text}))


def load(d):
    metric("hiring.load.applications", "hiring: applications loaded", d["applications"], "")
    metric("hiring.load.insert_s", f"hiring: inserting {d['applications']} applications, claims, stage changes",
           d["applications_s"], "s")
    metric("hiring.load.insert_rate", "hiring: insert rate (indexes and foreign keys dropped)",
           round(d["applications"] / max(d["applications_s"], 0.001)), "applications/s")
    metric("hiring.load.foreign_keys_s", "hiring: foreign keys added back (validated)", d["foreign_keys_s"], "s")
    for key, value in d.items():
        if key.startswith("index_") and key.endswith("_s"):
            metric(f"hiring.load.{key}", f"hiring: building index {key[len('index_'):-2]}", value, "s")
    metric("hiring.load.vacuum_analyze_s", "hiring: VACUUM ANALYZE", d["vacuum_analyze_s"], "s")
    months = d["partitions"]
    note(f"hiring load: {d['applications']} applications in {len(months)} monthly partitions "
         f"({min(months.values())} to {max(months.values())} a month: the first and the current month are partial), "
         f"{d['candidacies']} claims, {d['stage_changes']} stage changes, {d['users']} people, {d['tenants']} companies, "
         f"{d['jobs']} jobs (median {d['job_size_median']}, largest {d['job_size_max']} applications besides the "
         f"measured one); statuses {json.dumps(d['statuses'])}; applications {d['applications_size']} "
         f"(indexes {d['applications_index_size']}), stage changes {d['stage_changes_size']}, database "
         f"{d['database_size']}. The measured job has {d['list_job_applications']} applications in "
         f"{d['list_job_partitions']} partitions, {d['list_job_screening']} at stage screening, "
         f"{d['list_job_query_matches']} matching the word searched ({d['list_job_query']}).")


def main():
    mode, path = sys.argv[1], sys.argv[2]
    with open(path) as f:
        data = json.load(f)
    if mode == "load":
        load(data)
    else:
        sys.exit(f"records.py: unknown mode {mode}")


if __name__ == "__main__":
    main()
