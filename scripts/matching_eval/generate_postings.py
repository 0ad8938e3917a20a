#!/usr/bin/env python3
"""Synthetic job postings, Spanish and English, for the professions of the CV fixtures.

Each posting is the body `POST /api/v1/jobs` takes (title, description, requirements must/nice in
natural language, benefits, industry, job_function, seniority_level, employment_type,
location_city/country, remote_policy, salary_min/max as decimal strings, salary_currency,
salary_period, language) plus, apart, its truth: profession, level, language.

    generate_postings.py --pool OUT.json [--seed S]            # the labelled evaluation pool (8 per profession)
    generate_postings.py --count 500000 --format ndjson OUT    # a bulk load: one POST body per line
                         [--meta META.ndjson] [--seed S]       #   and the truth of each line, apart
                         [--external-ids PREFIX]               #   lines `entrevistador import-jobs` takes
                                                               #   (external_id PREFIX<index>)

Deterministic: every posting has its own random stream (seed:index), so the same seed and index
give the same posting whatever --count is. Standard library only; skills and degrees are the CV
fixtures' own (scripts/fixtures/data_professions.py), imported.
"""

import argparse
import json
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "fixtures"))
sys.path.insert(0, HERE)

from data_professions import PROFESSIONS, PROFESSION_WEIGHTS, SECTOR  # noqa: E402
import data_postings as D  # noqa: E402

GENERATOR_VERSION = 1
DEFAULT_SEED = 7070

# the pool: per profession, these levels (8 postings)
POOL_LEVELS = ["intern", "junior", "junior", "mid", "mid", "senior", "senior", "lead"]
BULK_LEVEL_WEIGHTS = [("intern", 8), ("junior", 25), ("mid", 37), ("senior", 20), ("lead", 10)]

# skills too generic to be what a posting of the profession is about
GENERIC = {"Microsoft Excel", "Microsoft Word", "Microsoft Office", "Microsoft PowerPoint"}


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.uniform(0, total)
    for item, w in pairs:
        x -= w
        if x <= 0:
            return item
    return pairs[-1][0]


def skill_form(rng, skill, lang):
    """A written form of the skill, in lower case mid-sentence when it is a common noun phrase
    ("Valorizaciones de obra" -> "valorizaciones de obra"; "Google Ads", "SAP FI" stay)."""
    form = rng.choice(skill[lang])
    words = form.split()
    if len(words) >= 2 and words[0][:1].isupper() and words[0][1:].islower() and words[1][:1].islower():
        form = form[0].lower() + form[1:]
    return form


def join_list(items, lang):
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + (" y " if lang == "es" else " and ") + items[-1]


def money(value):
    return f"{value:.2f}"


def degree_for(rng, prof, lang, level):
    degrees = [d for d in prof["degrees"] if d[0] in ("bachelor", "technical")] or prof["degrees"]
    level_word, es, en = rng.choice(degrees)
    if lang == "es":
        if level == "intern":
            return rng.choice([f"Estudiante de los últimos ciclos de {es}", f"Estudiante o egresado de {es}"])
        if level_word == "technical":
            return f"Técnico titulado en {es}"
        return rng.choice([f"Bachiller o titulado en {es}", f"Titulado en {es}", f"Profesional de {es}"])
    if level == "intern":
        return rng.choice([f"Final-year student of {en}", f"Student or recent graduate in {en}"])
    if level_word == "technical":
        return f"Technical degree in {en}"
    return rng.choice([f"Bachelor's degree in {en}", f"Degree in {en} or a related field"])


def requirements(rng, prof_key, prof, level, lang):
    """Must and nice requirements in natural language, with the skills the profession uses."""
    skills = [s for s in prof["skills"] if s["canonical"] not in GENERIC]
    rng.shuffle(skills)
    n_must = rng.randint(2, 3)
    n_nice = rng.randint(1, 2)
    must_skills, nice_skills = skills[:n_must], skills[n_must:n_must + n_nice]
    out = []
    sector_es, sector_en = SECTOR[prof_key]
    lo, hi = D.LEVEL_YEARS[level]
    years = rng.randint(lo, hi) if hi else 0
    # experience
    if level == "intern":
        out.append({"text": degree_for(rng, prof, lang, level), "kind": "must"})
    else:
        if lang == "es":
            unit = "año" if years == 1 else "años"
            text = rng.choice([f"Experiencia mínima de {years} {unit} en {sector_es}",
                               f"{years} {unit} de experiencia en puestos similares",
                               f"Al menos {years} {unit} de experiencia en {sector_es}"])
        else:
            unit = "year" if years == 1 else "years"
            text = rng.choice([f"{years}+ {unit} of experience in {sector_en}",
                               f"At least {years} {unit} in a similar role",
                               f"Minimum {years} {unit} of {sector_en} experience"])
        out.append({"text": text, "kind": "must"})
        out.append({"text": degree_for(rng, prof, lang, level), "kind": "must"})
    # must-have skills: one sentence may carry two
    i = 0
    while i < len(must_skills):
        s = must_skills[i]
        form = skill_form(rng, s, lang)
        if i + 1 < len(must_skills) and rng.random() < 0.35:
            form2 = skill_form(rng, must_skills[i + 1], lang)
            text = (rng.choice(["Manejo de {a} y {b}", "Experiencia con {a} y {b}", "Conocimientos sólidos de {a} y {b}"])
                    if lang == "es" else rng.choice(["Hands-on {a} and {b}", "Experience with {a} and {b}",
                                                     "Solid knowledge of {a} and {b}"])).format(a=form, b=form2)
            i += 2
        else:
            if lang == "es":
                text = rng.choice(["Manejo de {a}", "Dominio de {a}", "Conocimiento de {a}", "{a} (nivel avanzado)",
                                   "Experiencia comprobada en {a}"]).format(a=form)
            else:
                text = rng.choice(["Working knowledge of {a}", "Strong {a} skills", "Proficiency in {a}",
                                   "{a} (advanced)", "Proven experience with {a}"]).format(a=form)
            i += 1
        out.append({"text": text, "kind": "must"})
    for s in nice_skills:
        form = skill_form(rng, s, lang)
        text = (rng.choice(["Deseable: conocimiento de {a}", "Se valorará experiencia en {a}", "De preferencia, manejo de {a}"])
                if lang == "es" else rng.choice(["Nice to have: {a}", "Experience with {a} is a plus",
                                                  "Preferably some {a}"])).format(a=form)
        out.append({"text": text, "kind": "nice"})
    if rng.random() < 0.5:
        out.append({"text": rng.choice(D.SOFT[lang]), "kind": "nice"})
    if rng.random() < 0.3:
        out.append({"text": rng.choice(D.ENGLISH_REQ[lang]), "kind": "nice"})
    for r in out:
        r["text"] = r["text"][0].upper() + r["text"][1:]
    return out, years


def description(rng, prof_key, title, lang, remote, city):
    industry, function = D.INDUSTRY[prof_key]
    ind = industry.lower() if lang == "es" else D.INDUSTRY_EN[industry]
    company = rng.choice(D.COMPANY_KINDS[lang]).format(ind=ind, n=rng.randint(10, 60), k=rng.randint(3, 12))
    duties = rng.sample(D.DUTIES[prof_key][lang], k=rng.randint(3, 5))
    if lang == "es":
        place = {"onsite": f"El trabajo es presencial en {city}.",
                 "hybrid": f"Modalidad híbrida, con oficinas en {city}.",
                 "remote": "Trabajo 100 % remoto."}[remote]
        head = rng.choice([f"Somos {company} y buscamos {title} para sumarse a nuestro equipo de {function.lower()}.",
                           f"{company[0].upper() + company[1:]} requiere {title}.",
                           f"En {company} buscamos talento: {title}."])
        body = "\n".join(f"- {d}" for d in duties)
        return f"{head} {place}\n\nFunciones principales:\n{body}"
    place = {"onsite": f"This is an on-site role in {city}.",
             "hybrid": f"Hybrid role, with offices in {city}.",
             "remote": "Fully remote role."}[remote]
    head = rng.choice([f"We are {company} and we are hiring a {title} to join our {D.INDUSTRY_EN[industry]} team.",
                       f"{company[0].upper() + company[1:]} is looking for a {title}.",
                       f"Join {company} as {title}."])
    body = "\n".join(f"- {d}" for d in duties)
    return f"{head} {place}\n\nWhat you will do:\n{body}"


def decorate(rng, title, lang, remote, city):
    """The way boards dress titles: inclusive endings ("Contador(a)"), a city or "Remoto" after."""
    if lang == "es" and rng.random() < 0.2:
        words = title.split()
        for i, w in enumerate(words):
            if w.endswith(("dor", "tor")) or w in ("Abogado", "Ingeniero", "Técnico", "Cocinero", "Mozo"):
                words[i] = w + "(a)"
                break
        title = " ".join(words)
    x = rng.random()
    if x < 0.08:
        title += f" – {city}" if remote != "remote" else (" (Remoto)" if lang == "es" else " (Remote)")
    elif x < 0.12 and remote == "remote":
        title += " | 100 % remoto" if lang == "es" else " | Fully remote"
    return title


def posting(seed, index, prof_key, level, lang):
    """One posting: (body for POST /api/v1/jobs, truth)."""
    rng = random.Random(f"{seed}:{index}")
    prof = PROFESSIONS[prof_key]
    es, en = rng.choice(D.TITLES[prof_key][level])
    title = es if lang == "es" else en
    w = D.REMOTE_WEIGHTS[prof_key]
    remote = weighted(rng, [("onsite", w[0]), ("hybrid", w[1]), ("remote", w[2])])
    cities = D.MINING_CITIES if prof_key == "mining" else D.CITIES
    city, country, currency, rate, _ = weighted(rng, [(c, c[4]) for c in cities])
    reqs, years = requirements(rng, prof_key, prof, level, lang)
    shown = decorate(rng, title, lang, remote, city)
    industry, function = D.INDUSTRY[prof_key]
    body = {
        "title": shown,
        "description": description(rng, prof_key, title, lang, remote, city),
        "requirements": reqs,
        "benefits": rng.sample(D.BENEFITS[lang], k=rng.randint(0, 4)),
        "industry": industry,
        "job_function": function,
        "employment_type": "internship" if level == "intern" else weighted(
            rng, [("full-time", 85), ("contract", 8), ("part-time", 5 if prof_key not in ("teaching",) else 20),
                  ("freelance", 2 if remote == "remote" else 0)]),
        "location_city": city,
        "location_country": country,
        "remote_policy": remote,
        "language": lang,
    }
    # many boards state the level; the rest leave it to the title and the years asked
    if rng.random() < 0.7:
        body["seniority_level"] = level
    if rng.random() < 0.85:
        lo, hi = D.SALARY_PEN[level]
        base = rng.uniform(lo, hi) * (D.SALARY_FACTOR[prof_key] if level != "intern" else 1.0)
        if remote == "remote" and prof_key in ("software", "data") and rng.random() < 0.5:
            currency, rate = "USD", 0.27
        low = base * rate
        step = 100 if rate < 10 else (10000 if rate < 500 else 50000)
        low = max(step, round(low / step) * step)
        high = round(low * rng.uniform(1.15, 1.5) / step) * step
        body["salary_min"], body["salary_max"] = money(low), money(max(high, low))
        body["salary_currency"] = currency
        body["salary_period"] = "month"
    elif currency != "PEN":
        body["salary_currency"] = currency
    truth = {"profession": prof_key, "level": level, "language": lang, "years_asked": years, "index": index}
    return body, truth


def pool(seed):
    """The evaluation pool: for each profession, POOL_LEVELS in a language mix (5 es, 3 en)."""
    out = []
    index = 0
    for prof_key in sorted(D.TITLES):
        langs = ["es"] * 5 + ["en"] * 3
        random.Random(f"{seed}:langs:{prof_key}").shuffle(langs)
        for level, lang in zip(POOL_LEVELS, langs):
            body, truth = posting(seed, index, prof_key, level, lang)
            key = f"P{index + 1:03d}"
            out.append({"key": key, **truth, "body": body})
            index += 1
    return out


def bulk(seed, count, out, meta, quiet, external_ids=None):
    professions = [(k, w) for k, w in PROFESSION_WEIGHTS.items() if k in D.TITLES]
    started = time.time()
    for i in range(count):
        pick = random.Random(f"{seed}:pick:{i}")
        prof_key = weighted(pick, professions)
        level = weighted(pick, BULK_LEVEL_WEIGHTS)
        lang = "es" if pick.random() < 0.65 else "en"
        body, truth = posting(seed, i, prof_key, level, lang)
        if external_ids is not None:
            body = {"external_id": f"{external_ids}{i}", **body}
        out.write(json.dumps(body, ensure_ascii=False) + "\n")
        if meta:
            meta.write(json.dumps(truth) + "\n")
        if not quiet and ((i + 1) % 5000 == 0 or i + 1 == count):
            done = (i + 1) / count
            rate = (i + 1) / max(time.time() - started, 1e-9)
            bar = "#" * int(done * 30)
            print(f"\rpostings [{bar:<30}] {i + 1}/{count} {rate:,.0f}/s", end="", file=sys.stderr, flush=True)
    if not quiet:
        print(file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", nargs="?", help="output file (- for stdout) for --count")
    ap.add_argument("--pool", help="write the evaluation pool (JSON with truth) here")
    ap.add_argument("--count", type=int, help="how many postings (bulk mode)")
    ap.add_argument("--format", choices=["ndjson", "json"], default="ndjson")
    ap.add_argument("--meta", help="bulk mode: write each line's truth (profession, level, language) here")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--external-ids", metavar="PREFIX",
                    help="bulk NDJSON: give each line external_id PREFIX<index> (for entrevistador import-jobs)")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()
    if args.pool:
        items = pool(args.seed)
        with open(args.pool, "w", encoding="utf-8") as f:
            json.dump({"generator": "matching_eval/generate_postings.py", "version": GENERATOR_VERSION,
                       "seed": args.seed, "postings": items}, f, ensure_ascii=False, indent=1)
        if not args.quiet:
            print(f"pool: {len(items)} postings -> {args.pool}", file=sys.stderr)
        return
    if not args.count or not args.out:
        ap.error("give --pool FILE, or --count N and an output file")
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    meta = open(args.meta, "w", encoding="utf-8") if args.meta else None
    if args.format == "json":
        items = []
        for i in range(args.count):
            pick = random.Random(f"{args.seed}:pick:{i}")
            prof_key = weighted(pick, [(k, w) for k, w in PROFESSION_WEIGHTS.items() if k in D.TITLES])
            level = weighted(pick, BULK_LEVEL_WEIGHTS)
            lang = "es" if pick.random() < 0.65 else "en"
            items.append(posting(args.seed, i, prof_key, level, lang)[0])
        json.dump(items, out, ensure_ascii=False, indent=1)
    else:
        bulk(args.seed, args.count, out, meta, args.quiet, args.external_ids)
    if out is not sys.stdout:
        out.close()
    if meta:
        meta.close()


if __name__ == "__main__":
    main()
