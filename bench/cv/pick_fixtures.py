"""Picks the CVs `make bench` measures from a folder written by scripts/fixtures/generate.sh.

Usage: pick_fixtures.py FIXTURES_DIR > picked.json
Prints {"groups": {name: [path, ...]}, "all": [path, ...], "notes": [text, ...]}:
  pdf_2p_one_column   2-page PDFs with one column (layouts pdf_one_column and pdf_caps_spaced)
  pdf_2p_two_column   2-page PDFs with a sidebar (layout pdf_two_column); when the set has none,
                      every two-column PDF, with a note
  docx                every DOCX (Word paginates them itself: no page count to pick by)
Pages are counted from the page objects (/Type /Page) of the generated PDFs, which the
generator writes uncompressed; parse_throughput reports the pages its extractor saw.
"""

import json
import os
import re
import sys


def pages(path):
    with open(path, "rb") as f:
        return len(re.findall(rb"/Type\s*/Page(?![s\w])", f.read()))


def main():
    folder = sys.argv[1]
    with open(os.path.join(folder, "index.json")) as f:
        index = json.load(f)
    one, two_2p, two_any, docx, every = [], [], [], [], []
    for cv in index["cvs"]:
        path = os.path.join(folder, cv["file"])
        every.append(path)
        if cv["format"] == "docx":
            docx.append(path)
            continue
        n = pages(path)
        if cv["layout"] == "pdf_two_column":
            two_any.append(path)
            if n == 2:
                two_2p.append(path)
        elif n == 2:
            one.append(path)
    notes = []
    if not two_2p:
        notes.append(f"no 2-page two-column PDF among the {len(index['cvs'])} generated CVs: "
                     f"pdf_2p_two_column uses all {len(two_any)} two-column PDFs (1 page)")
        two_2p = two_any
    groups = {"pdf_2p_one_column": one, "pdf_2p_two_column": two_2p, "docx": docx}
    empty = [name for name, files in groups.items() if not files]
    if empty:
        sys.exit(f"pick_fixtures: no CV for {', '.join(empty)} in {folder}: generate more (--n)")
    print(json.dumps({"groups": groups, "all": every, "notes": notes}))


if __name__ == "__main__":
    main()
