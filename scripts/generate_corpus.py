#!/usr/bin/env python3
"""Generate a synthetic Atlas project: N valid practices and N//4 actors, for tests and benchmarks.

    python scripts/generate_corpus.py N OUT_DIR [--seed S]

OUT_DIR receives a complete project that `atlas build` and `atlas serve` accept: `mkdocs.yml`,
`CONTRIBUTING.md` (published as the contributors' page), the theme overrides `atlas/theme/`
(`mkdocs.yml` names them as `custom_dir`) and `content/taxonomy.yml` copied from this repository,
`content/pages/` copied when present, `content/practices/*.md` and `content/actors/*.md`
generated. Entries follow the content model
(`../shared/spec/content-model.md`): vocabularies, countries and regions are drawn from the real
taxonomy and the shipped M49 table, bodies are prose-like text of about 300 words under the six
recommended sections, and every cross-reference (actors, related practices, aliases) resolves.
The output depends only on N and the seed.

Importable: `generate(n, out_dir, seed=0)` returns OUT_DIR as a Path.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
MARKER = ".atlas-generated-corpus"
SECTIONS = ("Overview", "Skills", "Mobility", "Partnership", "Results", "Lessons and replicability")
SCOPES = ("global", "regional", "national", "local")
DIMENSIONS = ["skills", "mobility", "partnerships"]
CURRENCIES = ("EUR", "USD", "GBP", "CHF", "XOF", "MAD", "KES", "NGN", "GHS", "JPY")
FIRST_REVIEW = date(2023, 1, 1)
LAST_REVIEW = date(2026, 6, 30)  # in the past of every build day the tests pin

WORDS = {
    "subject": [
        "the programme",
        "the partnership",
        "the project",
        "the pilot",
        "the initiative",
        "the training scheme",
        "the consortium",
        "the dialogue",
        "the network",
        "the facility",
    ],
    "verb": [
        "trains",
        "prepares",
        "connects",
        "supports",
        "mentors",
        "certifies",
        "recruits",
        "coaches",
        "accompanies",
        "equips",
    ],
    "people": [
        "young graduates",
        "returning migrants",
        "women entrepreneurs",
        "technicians",
        "nurses and care workers",
        "farmers' cooperatives",
        "job seekers",
        "students",
        "diaspora professionals",
        "refugees with technical skills",
        "teachers of vocational schools",
    ],
    "skill": [
        "software development",
        "welding and metal work",
        "elderly care",
        "solar installation",
        "hospitality services",
        "agricultural processing",
        "logistics planning",
        "bookkeeping",
        "construction trades",
        "language and workplace culture",
        "digital marketing",
    ],
    "place": [
        "in the country of origin",
        "in the destination country",
        "in both countries",
        "in regional training centres",
        "in partner companies",
        "online and in local hubs",
        "in vocational schools",
        "in rural districts",
    ],
    "detail": [
        "with curricula agreed by employers and public training authorities",
        "through courses that lead to a recognised certificate",
        "with mentoring by members of the diaspora",
        "alongside language courses and pre-departure orientation",
        "while local institutions take over the teaching step by step",
        "with a small grant for the most promising business plans",
        "under rules agreed between the two ministries of labour",
        "with placements that last between three and twelve months",
    ],
    "result": [
        "most participants found work within a year",
        "the certificates were recognised by employers in both countries",
        "the training centres kept the new courses after the project ended",
        "several graduates started businesses of their own",
        "the share of women among participants rose steadily",
        "an independent evaluation found lasting gains in earnings",
        "the partners agreed to extend the scheme to a second sector",
        "monitoring data show fewer drop-outs than in earlier courses",
    ],
    "lesson": [
        "early involvement of employers is what makes the training relevant",
        "recognition of qualifications must be settled before people travel",
        "a steady budget over several years matters more than its size",
        "the diaspora brings trust as well as skills",
        "local ownership lets the courses survive the end of funding",
        "clear information for participants avoids false expectations",
        "small pilots help partners learn before they scale up",
    ],
}

ORG_KINDS = {
    "state": ["Ministry of Labour", "Ministry of Foreign Affairs", "Government"],
    "public-agency": ["Employment Agency", "Development Agency", "Skills Authority"],
    "local-authority": ["City Council", "Regional Authority", "Municipality"],
    "international-organisation": ["Labour Office", "Migration Office", "Development Bank"],
    "private-sector": ["Employers' Federation", "Chamber of Commerce", "Industry Association"],
    "diaspora-organisation": ["Diaspora Network", "Diaspora Foundation", "Diaspora Council"],
    "youth-organisation": ["Youth Council", "Youth Network", "Student Union"],
    "civil-society": ["Migrant Rights Forum", "Community Foundation", "Skills Alliance"],
    "tvet-institution": ["Technical College", "Vocational Training Centre", "Polytechnic"],
    "university-research": ["University", "Migration Research Centre", "Policy Institute"],
    "funding-mechanism": ["Mobility Fund", "Partnership Facility", "Trust Fund"],
    "network-platform": ["Platform for Partnerships", "Skills Network", "Mobility Forum"],
}


def _slugify(text: str) -> str:
    import unicodedata

    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return "-".join(re.findall(r"[a-z0-9]+", folded.lower().replace("'", "")))


def _q(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _flow(items: list) -> str:
    return "[" + ", ".join(str(item) for item in items) + "]"


class _Vocab:
    def __init__(self, taxonomy: dict) -> None:
        self.ids = {name: [term["id"] for term in terms] for name, terms in taxonomy.items()}
        self.labels = {
            name: {term["id"]: term["label"] for term in terms} for name, terms in taxonomy.items()
        }


def _countries() -> list[tuple[str, str, list[str]]]:
    """(code, name, regions) of every country in the shipped M49 table that pycountry knows."""
    table = json.loads((REPO_ROOT / "atlas" / "data" / "m49.json").read_text(encoding="utf-8"))
    try:
        import pycountry

        known = {c.alpha_2 for c in pycountry.countries}
    except ImportError:  # pragma: no cover - pycountry is a dependency of the package
        known = set(table["countries"])
    return [
        (code, entry["name"], list(entry["regions"]))
        for code, entry in sorted(table["countries"].items())
        if code in known and entry["regions"]
    ]


def _sentence(rng: random.Random) -> str:
    w = WORDS
    kind = rng.randrange(4)
    if kind == 0:
        text = (
            f"{rng.choice(w['subject'])} {rng.choice(w['verb'])} {rng.choice(w['people'])} "
            f"in {rng.choice(w['skill'])} {rng.choice(w['place'])}, "
            f"{rng.choice(w['detail'])}"
        )
    elif kind == 1:
        text = f"According to the partners, {rng.choice(w['result'])}"
    elif kind == 2:
        text = (
            f"{rng.choice(w['subject'])} also works on {rng.choice(w['skill'])}, "
            f"{rng.choice(w['detail'])}"
        )
    else:
        text = f"One lesson drawn so far is that {rng.choice(w['lesson'])}"
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, words: int) -> str:
    sentences: list[str] = []
    count = 0
    while count < words:
        sentence = _sentence(rng)
        sentences.append(sentence)
        count += len(sentence.split())
    return " ".join(sentences)


def _body(rng: random.Random) -> str:
    parts = []
    for name in SECTIONS:
        parts.append(f"## {name}\n\n{_paragraph(rng, 45)}\n")
    return "\n".join(parts)


def _date(rng: random.Random) -> str:
    span = (LAST_REVIEW - FIRST_REVIEW).days
    return (FIRST_REVIEW + timedelta(days=rng.randrange(span + 1))).isoformat()


def _actor(rng: random.Random, index: int, vocab: _Vocab, countries: list) -> tuple[str, str]:
    kind = rng.choice(vocab.ids["actor_types"])
    code, country, _ = rng.choice(countries)
    name = f"{country} {rng.choice(ORG_KINDS.get(kind, ['Organisation']))}"
    if len(name) > 110:
        name = name[:110].rstrip()
    slug = f"{_slugify(name)[:60].strip('-')}-{index}"
    acronym = "".join(word[0] for word in re.findall(r"[A-Za-z]+", name)).upper()[:8]
    where = sorted({code, *(rng.choice(countries)[0] for _ in range(rng.randrange(3)))})
    lines = ["---", f"name: {_q(name)}"]
    if acronym and rng.random() < 0.7:
        lines.append(f"acronym: {_q(acronym)}")
    lines += [
        f"type: {kind}",
        f"countries: {_flow(where)}",
        f"scope: {rng.choice(SCOPES)}",
        f"website: https://www.{_slugify(name)[:40].strip('-')}-{index}.example.org/",
        f"summary: {_q(_sentence(rng)[:280])}",
    ]
    if rng.random() < 0.1:
        lines.append(f"aliases: [old-actor-{index}]")
    lines += ["---", "", _paragraph(rng, 60), ""]
    return slug, "\n".join(lines)


def _practice(
    rng: random.Random,
    index: int,
    slug: str,
    vocab: _Vocab,
    countries: list,
    actor_slugs: list[str],
    earlier: list[str],
) -> str:
    ids = vocab.ids
    themes = rng.sample(ids["themes"], rng.randint(1, 5))
    typologies = rng.sample(ids["typologies"], rng.randint(1, 2))
    origin = rng.sample(countries, rng.randint(1, 3))
    destination = rng.sample(countries, rng.randint(0, 2))
    theme_label = vocab.labels["themes"][themes[0]].lower()
    title = f"{theme_label.capitalize()} between {origin[0][1]} and " + (
        destination[0][1] if destination else "its neighbours"
    )
    title = title[:100].rstrip() + f" ({index})"
    summary = _sentence(rng)
    if len(summary) < 25:
        summary += " " + _sentence(rng)
    summary = summary[:290]
    status = rng.choice(ids["status"])
    start = rng.randint(2008, 2024)
    lines = [
        "---",
        f"title: {_q(title)}",
        f"summary: {_q(summary)}",
        f"typologies: {_flow(typologies)}",
        f"themes: {_flow(themes)}",
        f"dimensions: {_flow(rng.sample(DIMENSIONS, rng.randint(1, 3)))}",
    ]
    if rng.random() < 0.8:
        lines.append(f"mobility: {_flow(rng.sample(ids['mobility'], rng.randint(1, 2)))}")
    lines += [f"status: {status}", f"evidence: {rng.choice(ids['evidence'])}", "actors:"]
    for actor in rng.sample(actor_slugs, min(len(actor_slugs), rng.randint(1, 4))):
        lines.append(f"  - {{actor: {actor}, role: {rng.choice(ids['roles'])}}}")
    lines += ["countries:", f"  origin: {_flow(sorted({c[0] for c in origin}))}"]
    if destination:
        lines.append(f"  destination: {_flow(sorted({c[0] for c in destination}))}")
    if rng.random() < 0.4:
        regions = sorted({region for c in origin for region in c[2][:1]})
        lines.append(f"regions: {_flow(regions)}")
    if rng.random() < 0.7:
        lines.append(f"sectors: {_flow(rng.sample(ids['sectors'], rng.randint(1, 3)))}")
    if rng.random() < 0.7:
        lines.append(f"target_groups: {_flow(rng.sample(ids['target_groups'], rng.randint(1, 3)))}")
    if rng.random() < 0.5:
        lines.append(f"skill_levels: {_flow(rng.sample(ids['skill_levels'], rng.randint(1, 2)))}")
    if status in ("completed", "scaled-up") or rng.random() < 0.3:
        lines.append(f"period: {{start: {start}, end: {rng.randint(start, 2026)}}}")
    else:
        lines.append(f"period: {{start: {start}}}")
    if rng.random() < 0.4:
        planned = rng.randint(20, 5000)
        lines.append(
            f"beneficiaries: {{planned: {planned}, reached: {rng.randint(0, planned)}, "
            f"women_share: {rng.randint(0, 100) / 100}}}"
        )
    if rng.random() < 0.4:
        lines += [
            "funding:",
            f"  amount: {rng.randint(10, 5000) * 1000}",
            f"  currency: {rng.choice(CURRENCIES)}",
            f"  note: {_q('Budget announced by the partners for the whole period.')}",
        ]
    if rng.random() < 0.5:
        lines.append(
            f"gcm_objectives: {_flow(sorted(rng.sample(ids['gcm_objectives'], rng.randint(1, 4))))}"
        )
    lines.append("sources:")
    for number in range(rng.randint(1, 3)):
        lines += [
            f"  - title: {_q(f'Report on {theme_label} partnerships, part {number + 1}')}",
            f"    url: https://example.org/reports/{slug}/{number + 1}",
        ]
        if rng.random() < 0.6:
            lines.append(f"    publisher: {_q('Global Forum on Migration and Development')}")
        if rng.random() < 0.6:
            lines.append(f"    year: {rng.randint(2010, 2025)}")
    if rng.random() < 0.2:
        lines += [
            "see_also:",
            f"  - {{title: {_q('Migration Network Hub record')}, "
            f'url: "https://migrationnetwork.un.org/practice/{index}"}}',
        ]
    if earlier and rng.random() < 0.3:
        lines.append(f"related: {_flow(sorted(set(rng.sample(earlier, min(3, len(earlier))))))}")
    if rng.random() < 0.1:
        lines.append(f"aliases: [old-practice-{index}]")
    lines += [f"last_reviewed: {_date(rng)}", "---", "", _body(rng)]
    return "\n".join(lines)


def generate(n: int, out_dir: Path | str, seed: int = 0) -> Path:
    """Write a project with `n` practices and `max(1, n // 4)` actors into `out_dir`."""
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise FileExistsError(f"{out} is not empty and was not made by this script")
        shutil.rmtree(out / "content", ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("generated by scripts/generate_corpus.py\n", encoding="utf-8")
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", out / "mkdocs.yml")
    if (REPO_ROOT / "CONTRIBUTING.md").is_file():
        shutil.copyfile(REPO_ROOT / "CONTRIBUTING.md", out / "CONTRIBUTING.md")
    shutil.rmtree(out / "atlas" / "theme", ignore_errors=True)
    shutil.copytree(REPO_ROOT / "atlas" / "theme", out / "atlas" / "theme")
    (out / "content").mkdir()
    shutil.copyfile(REPO_ROOT / "content" / "taxonomy.yml", out / "content" / "taxonomy.yml")
    if (REPO_ROOT / "content" / "pages").is_dir():
        shutil.copytree(REPO_ROOT / "content" / "pages", out / "content" / "pages")
    taxonomy = yaml.load(
        (out / "content" / "taxonomy.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader
    )
    vocab = _Vocab(taxonomy)
    countries = _countries()
    rng = random.Random(seed)

    actors_dir = out / "content" / "actors"
    practices_dir = out / "content" / "practices"
    actors_dir.mkdir()
    practices_dir.mkdir()
    actor_slugs: list[str] = []
    for index in range(max(1, n // 4)):
        slug, text = _actor(rng, index, vocab, countries)
        actor_slugs.append(slug)
        (actors_dir / f"{slug}.md").write_text(text, encoding="utf-8", newline="\n")
    practice_slugs: list[str] = []
    for index in range(n):
        theme = rng.choice(vocab.ids["themes"])
        slug = f"{theme}-{_slugify(rng.choice(countries)[1])[:40].strip('-')}-{index}"
        text = _practice(rng, index, slug, vocab, countries, actor_slugs, practice_slugs[-50:])
        practice_slugs.append(slug)
        (practices_dir / f"{slug}.md").write_text(text, encoding="utf-8", newline="\n")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of practices (actors: n // 4)")
    parser.add_argument("out_dir", type=Path, help="folder for the generated project")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    out = generate(args.n, args.out_dir, seed=args.seed)
    print(f"wrote {args.n} practices and {max(1, args.n // 4)} actors to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
