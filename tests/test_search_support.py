"""Shared by the search tests (no tests here): a small hand-made catalogue and a node runner.

The catalogue is written to a temporary folder (mkdocs.yml and the real taxonomy copied from
the repository, plus the practices and actors below), so the search tests do not depend on the
real content, which is still being written. Each practice is there for a behaviour a reader
sees: synonyms ("VET", "nurses"), accents ("Sénégal"), acronyms ("MPF"), the words lunr.py's
stemmer gets wrong ("survey", "employ", "day"), and review dates for the no-query order.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

# Input that is not plain words: query syntax, punctuation, markup, odd Unicode. Every side of
# the search must take it without an error, and agree on it (test_search_parity.py).
AWKWARD_QUERIES = [
    "foo:",
    "a:b",
    "-",
    "+",
    "~",
    "^",
    "*",
    "C++",
    "nurse*",
    '"refugee diplomas"',
    "((",
    "\\",
    "'",
    "—",
    "",
    "   ",
    "-diaspora",
    "+youth",
    "title:tvet",
    "~2",
    "🙂",
    "<script>alert(1)</script>",
    "%20",
    "__proto__",
]


REPO = Path(__file__).resolve().parents[1]
ASSETS = REPO / "atlas" / "theme" / "assets" / "explore"
SEARCH_JS = ASSETS / "atlas-search.js"
BODY = """## Overview

{overview}

## Skills

{skills}

## Results

Results are reported by the partners.
"""

ACTORS: dict[str, str] = {
    "enabel": """name: Enabel
type: public-agency
countries: [BE]
scope: global
summary: The Belgian development agency, which runs projects for Belgium and the EU.""",
    "afford": """name: African Foundation for Development
acronym: AFFORD
type: diaspora-organisation
countries: [GB, GH]
scope: regional
summary: A diaspora organisation that supports African entrepreneurs and training.""",
    "mpf": """name: Migration Partnership Facility
acronym: MPF
type: funding-mechanism
scope: regional
summary: An EU-funded facility that finances cooperation on migration and mobility.""",
    "giz": """name: Deutsche Gesellschaft für Internationale Zusammenarbeit
acronym: GIZ
type: public-agency
countries: [DE]
scope: global
summary: The German agency for international cooperation, working for the German government.""",
}

# slug -> (front-matter lines after the common ones, overview paragraph, skills paragraph)
PRACTICES: dict[str, tuple[str, str, str]] = {
    "diaspora-tvet-ghana": (
        """title: Diaspora teachers upgrade vocational schools in Ghana
summary: Members of the Ghanaian diaspora train teachers of technical and vocational schools
  and update their curricula.
typologies: [diaspora-entrepreneurship]
themes: [tvet, diaspora-engagement]
dimensions: [skills, partnerships]
status: ongoing
evidence: documented
actors:
  - {actor: afford, role: lead}
countries:
  origin: [GH]
target_groups: [diaspora-members]
last_reviewed: 2026-10-01""",
        "Diaspora professionals spend short missions in Ghana's technical colleges.",
        "Teachers learn modern workshop practice and the schools renew their equipment.",
    ),
    "nurses-for-germany": (
        """title: Care workers from the Philippines for German hospitals
summary: Filipino nurses learn German and have their diplomas recognised before they take up
  jobs in hospitals in Germany.
typologies: [state-to-state]
themes: [legal-pathways, language-training, qualification-recognition]
dimensions: [skills, mobility, partnerships]
mobility: [long-term]
status: ongoing
evidence: evaluated
actors:
  - {actor: giz, role: lead}
countries:
  origin: [PH]
  destination: [DE]
sectors: [health-care]
target_groups: [workers]
last_reviewed: 2026-09-15""",
        "Hospitals in Germany recruit qualified staff through a government agreement.",
        "Candidates take language courses and an adaptation period in a German hospital.",
    ),
    "refugee-qualifications-passport": (
        """title: Qualifications passport for refugees
summary: Credential evaluators interview refugees who lack papers and issue a passport
  describing their diplomas and work experience.
typologies: [state-to-state]
themes: [qualification-recognition, refugees]
dimensions: [skills, mobility]
status: scaled-up
evidence: evaluated
actors:
  - {actor: enabel, role: partner}
regions: [southern-europe, western-europe]
target_groups: [refugees]
last_reviewed: 2026-11-20""",
        "Refugees often cannot prove their qualifications because their documents were lost.",
        "An interview assesses the diplomas a refugee describes.",
    ),
    "senegal-rural-youth": (
        """title: Rural youth learn farming business skills in Sénégal
summary: Young people in rural Sénégal train in agribusiness and start small farms with the
  help of returning migrants.
typologies: [project-based]
themes: [youth, agriculture-rural-development, entrepreneurship]
dimensions: [skills]
mobility: [none]
status: completed
evidence: reported
actors:
  - {actor: enabel, role: lead}
countries:
  origin: [SN]
sectors: [agriculture]
target_groups: [youth, returnees]
last_reviewed: 2026-11-20""",
        "The project works in villages in the groundnut basin.",
        "Trainees learn horticulture, poultry and bookkeeping.",
    ),
    "ivorian-entrepreneurs": (
        """title: Entrepreneurial mobility between Côte d'Ivoire and Belgium
summary: Ivorian entrepreneurs spend a few weeks with Belgian companies to build business links
  and learn new methods.
typologies: [private-sector, diaspora-entrepreneurship]
themes: [entrepreneurship, private-sector-engagement]
dimensions: [mobility, partnerships]
mobility: [short-term, business-based]
status: pilot
evidence: documented
actors:
  - {actor: enabel, role: lead}
  - {actor: mpf, role: funder}
countries:
  origin: [CI]
  destination: [BE]
target_groups: [entrepreneurs]
last_reviewed: 2026-05-02""",
        "Small firms from Abidjan are matched with Belgian peers.",
        "Entrepreneurs follow coaching on exports and quality standards.",
    ),
    "employer-survey-day": (
        """title: An employer survey day on skills shortages
summary: Employers answer a survey on the occupations they cannot fill, so that training
  providers plan courses for them.
typologies: [private-sector]
themes: [labour-market-needs, research-knowledge]
dimensions: [skills]
status: completed
evidence: reported
actors:
  - {actor: mpf, role: funder}
regions: [northern-africa]
last_reviewed: 2025-01-10""",
        "Each year a survey day asks employers which jobs they struggle to fill.",
        "The findings shape the training offer of employment agencies.",
    ),
    "ict-talent-morocco": (
        """title: IT talent from Morocco for Belgian employers
summary: Moroccan graduates train as software developers and may then work at home or in Flanders.
typologies: [state-to-state, private-sector]
themes: [skills-development, legal-pathways, youth]
dimensions: [skills, mobility, partnerships]
mobility: [long-term, none]
status: completed
evidence: documented
actors:
  - {actor: enabel, role: lead}
  - {actor: mpf, role: funder}
countries:
  origin: [MA]
  destination: [BE]
sectors: [ict]
target_groups: [graduates, youth]
gcm_objectives: [5, 18]
last_reviewed: 2026-05-02""",
        "The pilot links Morocco's growing ICT sector with shortages of IT specialists.",
        "Trainees study programming, English and soft skills for seven months.",
    ),
}

SOURCE = '  - {title: A sample source, url: "https://example.org/source", year: 2020}'


def write_catalogue(root: Path) -> Path:
    """The small project under `root` (created), ready for `atlas.catalogue.load`."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "content" / "practices").mkdir(parents=True, exist_ok=True)
    (root / "content" / "actors").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO / "content" / "taxonomy.yml", root / "content" / "taxonomy.yml")
    for slug, meta in ACTORS.items():
        text = f"---\n{meta}\n---\n\nA short, neutral description of the organisation.\n"
        (root / "content" / "actors" / f"{slug}.md").write_text(text, encoding="utf-8")
    for slug, (meta, overview, skills) in PRACTICES.items():
        body = BODY.format(overview=overview, skills=skills)
        text = f"---\n{meta}\nsources:\n{SOURCE}\n---\n\n{body}"
        (root / "content" / "practices" / f"{slug}.md").write_text(text, encoding="utf-8")
    return root


def load_catalogue(root: Path):  # -> atlas.catalogue.Catalogue
    from datetime import date

    from atlas.catalogue import load

    result = load(root, build_day=date(2026, 11, 25))
    errors = [p.text() for p in result.problems if p.is_error]
    assert not errors, "the search tests' catalogue is invalid:\n" + "\n".join(errors)
    return result.catalogue


@cache
def node_path() -> str | None:
    return shutil.which("node")


NODE_RUNNER = r"""
const search = require(process.argv[1]);
const fs = require("fs");
const request = JSON.parse(fs.readFileSync(0, "utf8"));
const out = {};
if (request.payload) {
  const payload = JSON.parse(fs.readFileSync(request.payload, "utf8"));
  const searcher = new search.Searcher(payload);
  out.searches = (request.searches || []).map(function (s) {
    const o = searcher.run(s.q, s.filters || {}, s.sort || "relevance", s.limit);
    return {
      results: o.results.map(function (r) {
        return {slug: r.slug, score: r.score, matched: r.matched};
      }),
      counts: o.counts,
      groups: o.groups
    };
  });
  if (request.timing) {
    const times = [];
    for (const q of request.timing.queries) {
      for (let i = 0; i < request.timing.repeat; i++) {
        const t0 = process.hrtime.bigint();
        searcher.run(q, {}, "relevance");
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }
    out.times = times;
  }
}
out.stems = (request.stems || []).map(search.stem);
out.texts = (request.texts || []).map(search.analyzeText);
out.queries = (request.queries || []).map(search.analyzeQuery);
process.stdout.write(JSON.stringify(out));
"""


def run_node(request: dict[str, Any], timeout: float = 120) -> dict[str, Any]:
    """Run atlas-search.js (with the vendored lunr) in node on one request; return its answer.

    request: {"payload": path to a payload JSON file, "searches": [{q, filters, sort, limit}],
              "stems": [words], "texts": [texts], "queries": [texts]}.
    """
    node = node_path()
    if node is None:
        raise RuntimeError("node is not installed")
    completed = subprocess.run(
        [node, "-e", NODE_RUNNER, str(SEARCH_JS)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"node failed ({completed.returncode}):\n{completed.stderr}")
    return json.loads(completed.stdout)
