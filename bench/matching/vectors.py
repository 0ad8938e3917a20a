"""The synthetic vector scheme of the matching benchmarks (`make bench`, jobs_*).

Embedding 500,000 postings with the real model (multilingual-e5-small, ~2-3 passages/s on this
machine) would take days, so the postings get deterministic 384-dim unit vectors with the shape
that matters to an HNSW index and to the API's similarity floor, and every vector the bench
compares against them (a search's words, a CV, the recall queries) is drawn from the SAME scheme:

    v = normalize( G + C[family] + A * S + B * N )

  G          one direction shared by everything (e5 is anisotropic: unrelated texts still score
             ~0.78 cosine), weight^2 W_GLOBAL;
  C[family]  the job family's direction (15 professions of the generator), weight^2 W_FAMILY;
  S          the posting's own direction: one per seed posting (the copies of a seed have the same
             text, so nearly the same vector), weight^2 W_SEED;
  N          per-row noise (sum of one vector of each of two pools), weight^2 W_NOISE.

With independent random directions in 384 dims this gives cosines of about 0.78 across families,
0.86 within a family (the API's MIN_QUERY_SIMILARITY is 0.84: on-subject e5 pairs score
0.84-0.89) and 0.98 between copies of one seed. A query or a CV is "a posting of an unseen seed"
of its family: G + C[family] + a fresh S and N drawn from a hash of its text.

Texts are put in a family by the word stems (first 5 letters, accents folded) of each
profession's titles and skills that no other profession uses; a text with no family word gets a
vector with no family component (G + S + N), so it scores ~0.78 against every posting.

Standard library only; random.Random is deterministic for a given seed across runs.
"""

import functools
import hashlib
import json
import math
import os
import random
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts", "fixtures"))
sys.path.insert(0, os.path.join(ROOT, "scripts", "matching_eval"))

from data_professions import PROFESSIONS  # noqa: E402
import data_postings as D  # noqa: E402

DIMENSIONS = 384
SEED = 7070
W_GLOBAL, W_FAMILY, W_SEED, W_NOISE = 0.78, 0.08, 0.12, 0.02
FAMILIES = sorted(D.TITLES)  # family number = index in this list
POOL_SIZE = 1024  # each of the two noise pools: 1024 x 1024 distinct noises per seed


def _gauss_unit(rng, dims=DIMENSIONS):
    v = [rng.gauss(0.0, 1.0) for _ in range(dims)]
    n = math.sqrt(sum(x * x for x in v))
    return [x / n for x in v]


def _scaled(v, weight2):
    w = math.sqrt(weight2)
    return [x * w for x in v]


def _add(*vs):
    return [sum(xs) for xs in zip(*vs)]


def normalize(v):
    n = math.sqrt(sum(x * x for x in v)) or 1.0
    return [x / n for x in v]


_GLOBAL = _scaled(_gauss_unit(random.Random(f"{SEED}:global")), W_GLOBAL)


@functools.lru_cache(maxsize=None)
def _centroid(family):
    c = _scaled(_gauss_unit(random.Random(f"{SEED}:family:{FAMILIES[family]}")), W_FAMILY)
    return tuple(_add(_GLOBAL, c))


def centroid(family):
    """G + C[family] (not normalized): the part every posting of the family shares."""
    return list(_centroid(family))


def seed_direction(key):
    """A * S for a seed posting (or an unseen one: a query, a CV), from any string key."""
    return _scaled(_gauss_unit(random.Random(f"{SEED}:seed:{key}")), W_SEED)


def noise_pool(which):
    """The noise pool `which` ("a" or "b"): POOL_SIZE vectors, each B * N / sqrt(2)."""
    rng = random.Random(f"{SEED}:noise:{which}")
    return [_scaled(_gauss_unit(rng), W_NOISE / 2) for _ in range(POOL_SIZE)]


def unseen(family, key):
    """The vector of a text of `family` (None: no family) that is no posting: a query, a CV."""
    rng = random.Random(f"{SEED}:unseen-noise:{key}")
    base = centroid(family) if family is not None else list(_GLOBAL)
    return normalize(_add(base, seed_direction(f"unseen:{key}"), _scaled(_gauss_unit(rng), W_NOISE)))


def fold(text):
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def _words(text):
    out, word = [], []
    for c in fold(text):
        if c.isalnum():
            word.append(c)
        elif word:
            out.append("".join(word))
            word = []
    if word:
        out.append("".join(word))
    return out


def _vocabulary():
    """Each profession's words (titles and skills, 5 letters or more): a word of one profession
    only names it; a word's first 5 letters (typos: "contavilidad") vote for the professions whose
    words start so, in proportion to how many of their words do."""
    words, stems = {}, {}
    for family, key in enumerate(FAMILIES):
        phrases = [t for level in D.TITLES[key].values() for pair in level for t in pair]
        phrases += [f for s in PROFESSIONS[key]["skills"] for f in s["es"] + s["en"]]
        for word in {w for phrase in phrases for w in _words(phrase) if len(w) >= 5}:
            words.setdefault(word, set()).add(family)
            votes = stems.setdefault(word[:5], {})
            votes[family] = votes.get(family, 0) + 1
    unique = {word: next(iter(fams)) for word, fams in words.items() if len(fams) == 1}
    shares = {stem: {f: n / sum(votes.values()) for f, n in votes.items()} for stem, votes in stems.items()}
    return unique, shares


WORDS, STEMS = _vocabulary()


def family_of(text):
    """The family the text's words point to most (a word of one family counts 3, a stem its
    share); None when no word or stem of any family occurs."""
    score = {}
    for word in _words(text):
        if len(word) < 5:
            continue
        if word in WORDS:
            score[WORDS[word]] = score.get(WORDS[word], 0) + 3
        for family, share in STEMS.get(word[:5], {}).items():
            score[family] = score.get(family, 0) + share
    if not score:
        return None
    return max(sorted(score), key=lambda f: score[f])


def embed(text):
    """What the stand-in embeddings server answers for `text` (query or passage alike)."""
    key = hashlib.sha256(text.encode()).hexdigest()
    return unseen(family_of(text), key)


def vector_text(v):
    return "[" + ",".join(f"{x:.6f}" for x in v) + "]"


def write_copy_data(meta_path, out_dir, prefix):
    """The tables bench/matching/load.sh combines in SQL into every posting's vector, as COPY text:
    centroids.tsv (family, G + C), seeds.tsv (external_id, family, A * S: one per line of the
    seed file, whose truth META gives the profession of), pools.tsv (pool, i, B * N / sqrt 2)."""
    with open(os.path.join(out_dir, "centroids.tsv"), "w") as f:
        for family in range(len(FAMILIES)):
            f.write(f"{family}\t{vector_text(centroid(family))}\n")
    with open(meta_path) as meta, open(os.path.join(out_dir, "seeds.tsv"), "w") as f:
        for line in meta:
            truth = json.loads(line)
            external_id = f"{prefix}{truth['index']}"
            family = FAMILIES.index(truth["profession"])
            f.write(f"{external_id}\t{family}\t{vector_text(seed_direction(external_id))}\n")
    with open(os.path.join(out_dir, "pools.tsv"), "w") as f:
        for which in ("a", "b"):
            for i, v in enumerate(noise_pool(which)):
                f.write(f"{which}\t{i}\t{vector_text(v)}\n")


if __name__ == "__main__":
    # vectors.py copy-data META.ndjson OUT_DIR EXTERNAL_ID_PREFIX
    if len(sys.argv) == 5 and sys.argv[1] == "copy-data":
        write_copy_data(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit("usage: vectors.py copy-data META.ndjson OUT_DIR EXTERNAL_ID_PREFIX")
