#!/usr/bin/env python3
"""Validate the interview question bank (crates/interview/data/questions/<language>/<type>.json).

Standard library only. Exits 0 when every file is valid, 1 when any rule is broken (every problem
is listed). The rules are documented in crates/interview/data/README.md; keep the two in step.

    python3 scripts/check-questions.py
"""
import json
import pathlib
import re
import sys
import unicodedata
from collections import Counter

ROOT = pathlib.Path(__file__).resolve().parent.parent
BANK = ROOT / "crates" / "interview" / "data" / "questions"
SKILLS = ROOT / "crates" / "cv" / "data" / "skills.tsv"

LANGUAGES = ["es", "en"]
# `mixed` interviews draw from these five banks.
TYPES = ["behavioral", "technical", "case_study", "hr_screening", "competency"]
DIFFICULTIES = ["easy", "medium", "hard", "expert"]
LEVELS = ["intern", "junior", "mid", "senior", "lead", "executive"]
COMPETENCIES = [
    "communication", "teamwork", "leadership", "problem_solving", "conflict_resolution",
    "adaptability", "ownership", "customer_focus", "time_management", "analytical_thinking",
    "technical_depth", "system_design", "learning_agility", "integrity", "motivation",
    "negotiation", "decision_making", "attention_to_detail", "stakeholder_management",
    "results_orientation", "planning", "creativity", "resilience",
]
MIN_PER_FILE = 40
MIN_PER_DIFFICULTY = 8
ID = re.compile(r"^(es|en)-[a-z_]+-\d{3}$")


def fold(text):
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn")


def main():
    skills = {line.split("\t")[0] for line in SKILLS.read_text(encoding="utf-8").splitlines()[1:] if line}
    problems, seen_ids, counts = [], set(), Counter()
    for language in LANGUAGES:
        for kind in TYPES:
            path = BANK / language / f"{kind}.json"
            if not path.exists():
                problems.append(f"{path.relative_to(ROOT)}: missing")
                continue
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))
            except json.JSONDecodeError as error:
                problems.append(f"{path.relative_to(ROOT)}: not JSON ({error})")
                continue
            where = path.relative_to(ROOT)
            if doc.get("language") != language or doc.get("interview_type") != kind:
                problems.append(f"{where}: language/interview_type must be {language}/{kind}")
            questions = doc.get("questions", [])
            if len(questions) < MIN_PER_FILE:
                problems.append(f"{where}: {len(questions)} questions, at least {MIN_PER_FILE}")
            per_difficulty = Counter(q.get("difficulty") for q in questions)
            for difficulty in DIFFICULTIES:
                if per_difficulty[difficulty] < MIN_PER_DIFFICULTY:
                    problems.append(f"{where}: {per_difficulty[difficulty]} {difficulty} questions, at least {MIN_PER_DIFFICULTY}")
            texts = set()
            for q in questions:
                problems.extend(check_question(q, language, kind, skills, where, seen_ids, texts))
                counts[(language, kind)] += 1
    for problem in problems:
        print(problem)
    for (language, kind), n in sorted(counts.items()):
        print(f"{language} {kind}: {n}", file=sys.stderr)
    return 1 if problems else 0


def check_question(q, language, kind, skills, where, seen_ids, texts):
    qid = q.get("id", "?")
    at = f"{where}: {qid}"
    allowed = {"id", "difficulty", "levels", "text", "competencies", "skills", "expected_points"}
    for key in set(q) - allowed:
        yield f"{at}: unknown field {key}"
    if not ID.match(qid) or not qid.startswith(f"{language}-{kind}-"):
        yield f"{at}: id must be {language}-{kind}-NNN"
    if qid in seen_ids:
        yield f"{at}: id appears twice"
    seen_ids.add(qid)
    if q.get("difficulty") not in DIFFICULTIES:
        yield f"{at}: difficulty must be one of {DIFFICULTIES}"
    for level in q.get("levels", []):
        if level not in LEVELS:
            yield f"{at}: level {level} not in {LEVELS}"
    text = q.get("text", "")
    if not (15 <= len(text) <= 400) or not text.strip().endswith(("?", ".")):
        yield f"{at}: text must be 15 to 400 characters ending in ? or ."
    if fold(text) in texts:
        yield f"{at}: the same text twice"
    texts.add(fold(text))
    competencies = q.get("competencies", [])
    if not 1 <= len(competencies) <= 3 or any(c not in COMPETENCIES for c in competencies):
        yield f"{at}: 1 to 3 competencies from the list"
    for skill in q.get("skills", []):
        if skill not in skills:
            yield f"{at}: skill {skill} is not in the taxonomy"
    points = q.get("expected_points", [])
    if not 3 <= len(points) <= 6:
        yield f"{at}: 3 to 6 expected points"
    follow_ups = 0
    for i, point in enumerate(points):
        for key in set(point) - {"point", "signals", "follow_up"}:
            yield f"{at}: point {i}: unknown field {key}"
        if not point.get("point", "").strip():
            yield f"{at}: point {i}: empty"
        signals = point.get("signals", [])
        if not 3 <= len(signals) <= 12:
            yield f"{at}: point {i}: 3 to 12 signals"
        for signal in signals:
            if signal != fold(signal) or not signal.strip() or len(signal.split()) > 3:
                yield f"{at}: point {i}: signal {signal!r} must be folded (lower case, no accents), 1 to 3 words"
        if point.get("follow_up"):
            follow_ups += 1
            if not point["follow_up"].strip().endswith("?"):
                yield f"{at}: point {i}: a follow-up is a question"
    if follow_ups < 2:
        yield f"{at}: at least 2 points carry a follow_up"


if __name__ == "__main__":
    sys.exit(main())
