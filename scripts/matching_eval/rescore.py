#!/usr/bin/env python3
"""What-if scoring on a finished run: re-ranks each CV's top 50 (the API's own component scores,
the posting's analysed seniority and the CV's parsed data, all from report.json) with variants of
the scorer, and scores the new rankings against the labels. A diagnosis aid for the scorer
(crates/matching/src/domain/scoring.rs), not a replacement for run.sh: it only sees what the API
returned (semantic scores already clamped to 0..1, the top 50 of 120 postings).

    rescore.py [target/matching_eval/report.json]

Every variant uses only what the system itself knows (parsed years and titles, the posting's
analysis): never the labels' truth.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evaluate import aggregate, cv_metrics  # noqa: E402

LEVELS = ["intern", "junior", "mid", "senior", "lead", "executive"]
# the scorer's own years per level (scoring.rs years_for)
YEARS_FOR = {"intern": 0.0, "junior": 1.0, "mid": 3.0, "senior": 5.0, "lead": 7.0, "executive": 10.0}


def cv_level_from_years(years):
    """The level whose usual years (YEARS_FOR) are nearest the CV's years."""
    return min(YEARS_FOR, key=lambda lv: (abs(YEARS_FOR[lv] - years), -YEARS_FOR[lv]))


def latest_title(experience):
    """The latest job by its dates (current first, then the latest end, then the latest start)."""
    dated = [e for e in experience if e.get("start")]
    if not dated:
        return experience[0]["normalized_title"] if experience else None
    best = max(dated, key=lambda e: (bool(e.get("current")), e.get("end") or "9999-99", e["start"]))
    return best.get("normalized_title")


def overall(item, cv, variant):
    skill, exp = item["skill"], item["experience"]
    sem = item["semantic"]
    same = bool(item["same_title"])
    years = cv["parsed"]["total_experience_years"] or 0.0
    flags = set(variant.split("+"))
    if "latest_title" in flags:
        same = latest_title(cv["parsed"]["experience"]) is not None and \
            latest_title(cv["parsed"]["experience"]) == item["job_title_norm"]
    if "text_years" in flags and item.get("job_years"):
        # the years the requirements' text asks for ("4 años de experiencia"), not only the field
        exp = min(1.0, years / item["job_years"])
    if "band" in flags:
        raw = 0.78 + 0.15 * sem  # back to the cosine similarity (scoring.rs FLOOR 0.78, TOP 0.93)
        sem = min(1.0, max(0.0, (raw - 0.84) / (0.92 - 0.84)))
    if "overqualified" in flags:
        job = item["job_seniority"] or "mid"
        gap = LEVELS.index(job) - LEVELS.index(cv_level_from_years(years))
        # under-qualified: what the scorer does today (years / wanted); over-qualified: a step down
        # costs a third of the experience score per level
        over = max(0, -gap)
        exp = min(exp, max(0.0, 1.0 - over / 3))
    level_bonus = 0.0
    if "level" in flags or "level10" in flags:
        cv_level = cv["parsed"].get("seniority") or cv_level_from_years(years)
        if item["job_seniority"] and item["job_seniority"] == cv_level:
            level_bonus = 0.10 if "level10" in flags else 0.05
    if "rungs" in flags and item["job_seniority"] in LEVELS:
        cv_level = cv["parsed"].get("seniority") or cv_level_from_years(years)
        if cv_level in LEVELS:
            exp = min(exp, max(0.0, 1.0 - abs(LEVELS.index(item["job_seniority"]) - LEVELS.index(cv_level)) / 2))
    score = 0.5 * skill + 0.3 * sem + 0.2 * exp + (0.05 if same else 0.0) + level_bonus
    if item["missing_must"]:
        score = min(score, 0.85)
    return score


VARIANTS = {
    "as served (reproduced)": "none",
    "A over-qualification costs (1/3 of exp per level)": "overqualified",
    "B same title = latest job by date": "latest_title",
    "C experience from the requirements' stated years": "text_years",
    "D semantic band 0.84..0.92 instead of 0.78..0.93": "band",
    "A+D": "overqualified+band",
    "A+B+D": "overqualified+latest_title+band",
    "A+B+C+D": "overqualified+latest_title+text_years+band",
    "E the CV's own level (stated, else by years) +0.05": "level",
    "E' the same, +0.10": "level10",
    "F experience halved per level apart, either way": "rungs",
    "E+F": "level+rungs",
}


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "target/matching_eval/report.json"
    report = json.load(open(path, encoding="utf-8"))
    labels = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "labels.json"), encoding="utf-8"))
    rel = {c["file"]: c["relevance"] for c in labels["cvs"]}
    print(f"{'variant':<50} {'NDCG@10':>8} {'top1=3':>7} {'P@5>=2':>7}")
    for name, variant in VARIANTS.items():
        rows = []
        for cv in report["cvs"]:
            if not cv.get("wide"):
                rows.append({"metrics": cv["metrics"]})
                continue
            ranked = sorted(cv["wide"], key=lambda it: -overall(it, cv, variant)) if variant != "none" else \
                sorted(cv["wide"], key=lambda it: -it["overall"])
            rels = [rel[cv["file"]].get(it["key"], 0) for it in ranked]
            rows.append({"metrics": cv_metrics(rels, list(rel[cv["file"]].values()))})
        m = aggregate(rows)
        print(f"{name:<50} {m['ndcg@10']:>8.3f} {m['top1_strong']:>7.2f} {m['p@5_rel2']:>7.2f}")


if __name__ == "__main__":
    main()
