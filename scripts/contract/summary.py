#!/usr/bin/env python3
"""Prints a short summary of schemathesis JSON run reports (`--report json`).

    summary.py REPORT.json...
"""

import json
import sys


def main():
    total_failures = 0
    print()
    print("contract fuzzer summary")
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as file:
            report = json.load(file)
        operations = report.get("operations") or {}
        cases = report.get("test_cases") or {}
        failures = report.get("failures") or []
        errors = report.get("errors") or []
        auth = report.get("auth") or {}
        total_failures += sum(group["count"] for group in failures)
        print(
            f"  {path.split('/')[-2]}: exit {report.get('exit_code')}, "
            f"{operations.get('tested', 0)}/{operations.get('selected', 0)} operations, "
            f"{cases.get('generated', 0)} test cases, {cases.get('unique_failures', 0)} unique failures, "
            f"{sum(group['count'] for group in errors)} errors, re-logins {auth.get('reauth_count', 0)}, "
            f"{report.get('running_time', 0):.1f} s"
        )
        for group in sorted(failures, key=lambda group: -group["count"]):
            names = ", ".join(group.get("operations") or [])
            print(f"    {group['count']:4d}  {group['title']}  [{names}]")
        for group in errors:
            print(f"    {group['count']:4d}  error: {group['title']}")
    print(f"  total failures: {total_failures}")


if __name__ == "__main__":
    main()
