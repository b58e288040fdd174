#!/usr/bin/env python3
"""ace-impacts.py — reads DAISY Ace's report.json files and prints, for each,
its violations by impact ("critical 0 serious 0 moderate 2 minor 0") and then
one line per rule that failed.  With --max-serious N, exits 1 when a report
has a critical violation or more than N serious ones."""
import argparse
import collections
import json
import sys

IMPACTS = ("critical", "serious", "moderate", "minor")


def violations(report):
    """(impact, rule, file) for every failed check in an Ace report."""
    for page in report.get("assertions", []):
        where = page.get("earl:testSubject", {}).get("url", "")
        for check in page.get("assertions", []):
            test = check["earl:test"]
            yield test["earl:impact"], test["dct:title"], where


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-serious", type=int, default=None)
    ap.add_argument("reports", nargs="+")
    args = ap.parse_args()
    failed = False
    for path in args.reports:
        with open(path, encoding="utf-8") as f:
            found = list(violations(json.load(f)))
        counts = collections.Counter(impact for impact, _, _ in found)
        print(path + ": " + " ".join(f"{i} {counts[i]}" for i in IMPACTS))
        rules = collections.Counter((impact, rule) for impact, rule, _ in found)
        for (impact, rule), n in sorted(rules.items()):
            print(f"  {impact:9} {rule} ×{n}")
        if args.max_serious is not None and (counts["critical"] or counts["serious"] > args.max_serious):
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
