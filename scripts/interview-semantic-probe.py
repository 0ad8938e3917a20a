#!/usr/bin/env python3
"""Does embedding similarity order interview answers by quality? A probe over the graded set.

For every graded answer (crates/interview/data/graded/) it asks the embeddings server for the
cosine between the question (as a query) and the answer, whole and sentence by sentence (as
passages), and prints Spearman's rho of those against the human grades, beside the answer's
length. Run: scripts/with-services.sh python3 scripts/interview-semantic-probe.py

Measured 2026-11-26 with multilingual-e5-small (240 answers): whole answer 0.00, best sentence
0.16, length 0.78. Similarity tells whether an answer is on the question's topic, which all four
grades are; it does not tell a strong answer from a weak one. That is why the built-in scoring's
coverage stays lexical (stems, signals, detectors) and meaning is left to a configured model.
"""

import glob
import json
import math
import os
import re
import urllib.request

URL = os.environ.get("EMBEDDINGS_URL", "http://127.0.0.1:8090/v1").rstrip("/")
MODEL = os.environ.get("EMBEDDINGS_MODEL", "multilingual-e5-small")
GRADED = os.path.join(os.path.dirname(__file__), "..", "crates", "interview", "data", "graded", "*.json")


def embed(texts, kind):
    body = json.dumps({"model": MODEL, "input": texts, "input_type": kind}).encode()
    request = urllib.request.Request(URL + "/embeddings", data=body, headers={"content-type": "application/json"})
    vectors = [None] * len(texts)
    for item in json.load(urllib.request.urlopen(request))["data"]:
        norm = math.sqrt(sum(x * x for x in item["embedding"]))
        vectors[item["index"]] = [x / norm for x in item["embedding"]]
    return vectors


def cosine(a, b):
    return sum(x * y for x, y in zip(a, b))


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            result[order[k]] = (i + j) / 2
        i = j + 1
    return result


def spearman(a, b):
    ra, rb = ranks(a), ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    covariance = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    return covariance / math.sqrt(sum((x - ma) ** 2 for x in ra) * sum((y - mb) ** 2 for y in rb))


def main():
    grades, whole, best_sentence, length = [], [], [], []
    for path in sorted(glob.glob(GRADED)):
        for item in json.load(open(path, encoding="utf-8"))["items"]:
            question = embed([item["question"]], "query")[0]
            answers = [a["text"] for a in item["answers"]]
            for answer, vector in zip(item["answers"], embed(answers, "passage")):
                sentences = [s for s in re.split(r"(?<=[.!?])\s+", answer["text"]) if len(s) > 3] or [answer["text"]]
                grades.append(answer["grade"])
                whole.append(cosine(question, vector))
                best_sentence.append(max(cosine(question, s) for s in embed(sentences, "passage")))
                length.append(len(answer["text"].split()))
    print(f"answers: {len(grades)}")
    print(f"rho, question ~ whole answer:   {spearman(grades, whole):.2f}")
    print(f"rho, question ~ best sentence:  {spearman(grades, best_sentence):.2f}")
    print(f"rho, the answer's length alone: {spearman(grades, length):.2f}")


if __name__ == "__main__":
    main()
