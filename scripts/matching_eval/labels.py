#!/usr/bin/env python3
"""Graded relevance of every posting of the pool for every evaluation CV, from the generators'
truth only (never from the system's output).

    labels.py CV_DIR POOL.json OUT.json

    3  same profession and a compatible level (the strong fit)
    2  same profession, another level
    1  a related profession (RELATED below)
    0  unrelated

A CV's compatible levels are two readings of its truth and every level between them: the level of
its latest main job's title (side jobs held alongside another job are not "latest"), and the
level its total years give (YEARS_LEVEL). A posting's level is the level it was generated for.
"""

import json
import os
import sys

LEVELS = ["intern", "junior", "mid", "senior", "lead"]

# Total years of experience -> level (lower bound inclusive). Aligned with the years the postings
# ask for per level (junior 1-2, mid 2-4, senior 5-7, lead 7-10).
YEARS_LEVEL = [(10.0, "lead"), (5.0, "senior"), (2.5, "mid"), (1.0, "junior"), (0.0, "intern")]

# Related professions (symmetric): a person of one could sensibly apply to the other, and the
# two share real skills in the fixtures' vocabulary. Kept small on purpose; everything else is 0.
RELATED_PAIRS = [
    ("software", "data"),              # Python, SQL, cloud; many data engineers come from software
    ("accounting", "administration"),  # budgeting, petty cash, "Jefe de Administración y Finanzas"
    ("hr", "administration"),          # office and personnel administration
    ("logistics", "administration"),   # procurement (Compras) is in both
    ("sales", "marketing"),            # commercial side of the same companies
    ("sales", "customer_service"),     # telesales, upselling, CRM
    ("hospitality", "customer_service"),  # customer service, cashiering
    ("civil", "mining"),               # site engineering, AutoCAD, safety, planning
]
RELATED = {}
for a, b in RELATED_PAIRS:
    RELATED.setdefault(a, set()).add(b)
    RELATED.setdefault(b, set()).add(a)



def years_level(years):
    for floor, level in YEARS_LEVEL:
        if years >= floor:
            return level
    return "intern"


def latest_main_job(experience, reference):
    """The latest job not held alongside (inside the period of) another one."""
    def span(e):
        return e["start"], (e["end"] or reference)

    main = []
    for e in experience:
        s, t = span(e)
        inside = any(o is not e and span(o)[0] < s and t <= span(o)[1] for o in experience)
        if inside:
            continue
        main.append(e)
    main = main or list(experience)
    if not main:
        return None
    return max(main, key=lambda e: (span(e)[1], e["start"]))


def cv_truth(truth):
    reference = truth["reference_date"][:7]
    latest = latest_main_job(truth["experience"], reference)
    title_level = latest["seniority"] if latest else "intern"
    ylevel = years_level(truth["total_experience_years"])
    return {
        "profession": truth["profession"],
        "language": truth["language"],
        "layout": truth["layout"],
        "years": truth["total_experience_years"],
        "latest_title": latest["title"] if latest else None,
        "latest_title_canonical": latest["title_canonical"] if latest else None,
        "title_level": title_level,
        "years_level": ylevel,
        "levels": LEVELS[min(LEVELS.index(title_level), LEVELS.index(ylevel)):
                         max(LEVELS.index(title_level), LEVELS.index(ylevel)) + 1],
    }


def relevance(cv, posting):
    if posting["profession"] == cv["profession"]:
        return 3 if posting["level"] in cv["levels"] else 2
    if posting["profession"] in RELATED.get(cv["profession"], ()):
        return 1
    return 0


def build(cv_dir, pool_path):
    index = json.load(open(os.path.join(cv_dir, "index.json"), encoding="utf-8"))
    pool = json.load(open(pool_path, encoding="utf-8"))
    cvs = []
    for entry in index["cvs"]:
        truth = json.load(open(os.path.join(cv_dir, entry["truth"]), encoding="utf-8"))
        cv = {"file": entry["file"], **cv_truth(truth)}
        cv["relevance"] = {p["key"]: relevance(cv, p) for p in pool["postings"]}
        cvs.append(cv)
    return {
        "about": "Graded relevance (0-3) of each pool posting for each evaluation CV; see README.md",
        "cv_generator": {"seed": index["seed"], "n": index["n"], "reference_date": index["reference_date"],
                         "version": index.get("version")},
        "posting_generator": {"seed": pool["seed"], "version": pool["version"], "count": len(pool["postings"])},
        "related": [list(p) for p in RELATED_PAIRS],
        "years_level": YEARS_LEVEL,
        "postings": [{k: p[k] for k in ("key", "profession", "level", "language")} | {"title": p["body"]["title"]}
                     for p in pool["postings"]],
        "cvs": cvs,
    }


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    labels = build(sys.argv[1], sys.argv[2])
    with open(sys.argv[3], "w", encoding="utf-8") as f:
        json.dump(labels, f, ensure_ascii=False, indent=1)
        f.write("\n")
    counts = {}
    for cv in labels["cvs"]:
        for rel in cv["relevance"].values():
            counts[rel] = counts.get(rel, 0) + 1
    print(f"labels: {len(labels['cvs'])} CVs x {len(labels['postings'])} postings; "
          f"relevance counts {dict(sorted(counts.items()))} -> {sys.argv[3]}", file=sys.stderr)


if __name__ == "__main__":
    main()
