#!/usr/bin/env python3
"""Validate the skills taxonomy (crates/cv/data/skills.tsv) and print counts per category.

Standard library only. Exits 0 when the file is valid, 1 when any rule is broken (every problem is
listed, not just the first). The rules are documented in crates/cv/data/README.md; keep the two in
step when either changes.

    python3 scripts/check-skills.py [path/to/skills.tsv]
"""
import pathlib
import re
import sys
import unicodedata
from collections import Counter, defaultdict

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_TSV = ROOT / "crates" / "cv" / "data" / "skills.tsv"
README = ROOT / "crates" / "cv" / "data" / "README.md"

HEADER = ["id", "name_es", "name_en", "category", "aliases", "ambiguous"]
MIN_SKILLS = 1500

# The fixed category list. Order = the order rows are grouped in the file and the README table.
CATEGORIES = [
    "software",
    "data",
    "cloud-devops",
    "cybersecurity",
    "it-support",
    "telecom-networking",
    "design",
    "product",
    "project-management",
    "management-strategy",
    "finance-accounting",
    "tax-legal-pe",
    "audit",
    "banking-insurance",
    "business-software",
    "sales",
    "marketing",
    "customer-service",
    "communications-media",
    "hr",
    "administration",
    "logistics-supply-chain",
    "procurement",
    "engineering-civil-construction",
    "engineering-mechanical-electrical",
    "mining-energy",
    "manufacturing-quality",
    "hse",
    "health-clinical",
    "nursing",
    "pharmacy",
    "lab-science",
    "education",
    "hospitality-tourism",
    "food-service",
    "legal",
    "public-sector",
    "agriculture",
    "languages",
    "soft-skills",
    "office-tools",
    "certifications-standards",
]

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def fold(text: str) -> str:
    """The matching key: case-folded, accents removed (NFKD, combining marks dropped), spaces collapsed.

    "Auditoría", "AUDITORIA" and " auditoria " all fold to "auditoria"; "ñ" folds to "n".
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped.casefold()).strip()


def readme_categories(path: pathlib.Path):
    """Category names in the README's "## Categories" table (lines like "| `software` | ... |")."""
    if not path.exists():
        return None
    found, inside = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            inside = line.strip() == "## Categories"
            continue
        m = re.match(r"^\|\s*`([a-z0-9-]+)`\s*\|", line)
        if inside and m:
            found.append(m.group(1))
    return found


def main(argv):
    path = pathlib.Path(argv[1]) if len(argv) > 1 else DEFAULT_TSV
    problems = []

    def bad(where, message):
        problems.append(f"{where}: {message}")

    try:
        raw = path.read_bytes()
    except OSError as err:
        print(f"cannot read {path}: {err}", file=sys.stderr)
        return 1
    if raw.startswith(b"\xef\xbb\xbf"):
        bad(path.name, "starts with a UTF-8 BOM; save without it")
    if b"\r" in raw:
        bad(path.name, "contains CR characters; use LF line endings")
    if raw and not raw.endswith(b"\n"):
        bad(path.name, "does not end with a newline")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        print(f"{path}: not valid UTF-8: {err}", file=sys.stderr)
        return 1

    lines = text.lstrip("\ufeff").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        bad(path.name, "empty file")
        lines = [""]
    if lines[0].split("\t") != HEADER:
        bad(f"{path.name}:1", f"header must be exactly {'<TAB>'.join(HEADER)!r}")

    listed = readme_categories(README)
    if listed is None:
        bad(README.name, "missing; it must document the columns and list every category")
    else:
        if sorted(set(listed)) != sorted(CATEGORIES) or len(listed) != len(set(listed)):
            missing = sorted(set(CATEGORIES) - set(listed))
            extra = sorted(set(listed) - set(CATEGORIES))
            dups = sorted(c for c, n in Counter(listed).items() if n > 1)
            bad(README.name, f"category table out of step with this script: missing {missing}, "
                             f"unknown {extra}, repeated {dups}")

    ids = {}
    owner = {}  # folded surface form -> (id, line number)
    per_category = Counter()
    ambiguous_per_category = Counter()
    forms_total = 0

    for n, line in enumerate(lines[1:], start=2):
        where = f"{path.name}:{n}"
        if line.strip() == "":
            bad(where, "blank line")
            continue
        fields = line.split("\t")
        if len(fields) != len(HEADER):
            bad(where, f"expected {len(HEADER)} tab-separated columns, found {len(fields)}")
            continue
        for name, value in zip(HEADER, fields):
            if value != value.strip():
                bad(where, f"{name} has leading or trailing whitespace")
            if CONTROL_RE.search(value):
                bad(where, f"{name} contains a control character")
            if "  " in value:
                bad(where, f"{name} contains a double space")
        sid, name_es, name_en, category, aliases, ambiguous = fields

        if not ID_RE.match(sid):
            bad(where, f"id {sid!r} is not a kebab-case ASCII slug ([a-z0-9] words joined by '-')")
        if sid in ids:
            bad(where, f"duplicate id {sid!r} (first on line {ids[sid]})")
        else:
            ids[sid] = n
        if not name_es:
            bad(where, f"{sid}: name_es is empty")
        if not name_en:
            bad(where, f"{sid}: name_en is empty")
        if category not in CATEGORIES:
            bad(where, f"{sid}: category {category!r} is not in the fixed list")
        if ambiguous not in ("", "yes"):
            bad(where, f"{sid}: ambiguous must be 'yes' or empty, not {ambiguous!r}")

        items = aliases.split("|") if aliases else []
        if not items:
            bad(where, f"{sid}: aliases is empty (it must at least repeat the two names)")
        seen_in_row = set()
        for item in items:
            if item == "":
                bad(where, f"{sid}: empty alias (doubled or trailing '|')")
                continue
            if item != item.strip():
                bad(where, f"{sid}: alias {item!r} has leading or trailing whitespace")
            key = item.casefold()
            if key in seen_in_row:
                bad(where, f"{sid}: alias {item!r} repeated within the row")
            seen_in_row.add(key)
            if len(fold(item)) == 1 and ambiguous != "yes":
                bad(where, f"{sid}: one-character alias {item!r} requires ambiguous=yes")
        for label, name in (("name_es", name_es), ("name_en", name_en)):
            if name and name.casefold() not in seen_in_row:
                bad(where, f"{sid}: {label} {name!r} must also appear in aliases")

        # Uniqueness across skills: every surface form (names and aliases) belongs to one skill only.
        for form in {fold(x) for x in [name_es, name_en, *items] if x.strip()}:
            forms_total += 1
            if form in owner and owner[form][0] != sid:
                other, other_line = owner[form]
                bad(where, f"{sid}: surface form {form!r} already belongs to {other} (line {other_line})")
            else:
                owner.setdefault(form, (sid, n))

        if category in CATEGORIES:
            per_category[category] += 1
            if ambiguous == "yes":
                ambiguous_per_category[category] += 1

    for category in CATEGORIES:
        if per_category[category] == 0:
            bad(path.name, f"category {category!r} has no skills; remove it from the list or add skills")

    total = sum(per_category.values())
    if total < MIN_SKILLS:
        bad(path.name, f"{total} skills; at least {MIN_SKILLS} are required")

    width = max(len(c) for c in CATEGORIES)
    print(f"{'category':<{width}}  skills  ambiguous")
    for category in CATEGORIES:
        print(f"{category:<{width}}  {per_category[category]:>6}  {ambiguous_per_category[category]:>9}")
    print(f"{'TOTAL':<{width}}  {total:>6}  {sum(ambiguous_per_category.values()):>9}")
    print(f"{len(owner)} distinct folded surface forms ({forms_total} per-skill forms)")

    if problems:
        print(f"\n{len(problems)} problem(s):", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
