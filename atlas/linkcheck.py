"""The weekly external-link report: `python -m atlas.linkcheck`.

Entries cite sources, records in other databases and actors' websites; those pages move or
disappear over time. This module asks every such address once (HEAD, then GET where a server
refuses HEAD), and writes a Markdown report to stdout and, in GitHub Actions, to the run's summary
(`$GITHUB_STEP_SUMMARY`). It always exits 0: a site that is down for a day must not block anyone,
and only a person can decide whether a source is gone for good or needs a replacement.

The link check is kept out of `atlas check` on purpose: `atlas check` must work offline and give
the same answer every time, which a network check cannot.
"""

from __future__ import annotations

import argparse
import os
import sys
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from atlas import catalogue
from atlas.catalogue import Catalogue
from atlas.project import ProjectNotFound, find_root

# Named, with a way back to us, so a site owner who sees the request knows who asks and why.
USER_AGENT = (
    "SkillsPartnershipsAtlas-linkcheck/1.0 (+https://skills-partnerships-atlas.github.io/atlas/)"
)
DEFAULT_TIMEOUT = 15.0
DEFAULT_WORKERS = 8
# Read at most this much of a GET response: enough to know the server answers, cheap on big files.
READ_LIMIT = 64 * 1024


@dataclass(frozen=True)
class Outcome:
    """What one address answered."""

    url: str
    status: int | None  # the final HTTP status, or None when no answer came
    detail: str  # a short reason for people ("Not Found", "timed out", ...)
    final_url: str = ""  # where redirects led, when that differs from `url`

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 400

    @property
    def kind(self) -> str:
        """broken (the server says no), unreachable (no answer), moved, or ok."""
        if self.status is None:
            return "unreachable"
        if not self.ok:
            return "broken"
        if self.final_url and self.final_url != self.url:
            return "moved"
        return "ok"


def collect_links(cat: Catalogue) -> dict[str, list[str]]:
    """Every external address in the catalogue, with where each is cited ("file (field)")."""
    found: dict[str, list[str]] = {}

    def add(url: object, where: str) -> None:
        if isinstance(url, str) and url.strip():
            found.setdefault(url.strip(), []).append(where)

    for practice in cat.sorted_practices:
        path = practice.path.as_posix()
        for index, source in enumerate(practice.get("sources", [])):
            add(source.get("url"), f"{path} (sources[{index}])")
        for index, record in enumerate(practice.get("see_also", [])):
            add(record.get("url"), f"{path} (see_also[{index}])")
    for actor in cat.sorted_actors:
        add(actor.get("website"), f"{actor.path.as_posix()} (website)")
    return dict(sorted(found.items()))


def _open(url: str, method: str, timeout: float) -> tuple[int, str, str]:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        if method == "GET":
            response.read(READ_LIMIT)
        return response.status, response.reason or "", response.geturl()


def check_url(url: str, timeout: float = DEFAULT_TIMEOUT) -> Outcome:
    """HEAD the address; if that fails in any way, GET it, since many servers mishandle HEAD."""
    outcome = _attempt(url, "HEAD", timeout)
    if outcome.ok:
        return outcome
    return _attempt(url, "GET", timeout)


def _attempt(url: str, method: str, timeout: float) -> Outcome:
    try:
        status, reason, final = _open(url, method, timeout)
    except urllib.error.HTTPError as exc:
        return Outcome(url, exc.code, str(exc.reason or ""), exc.geturl() or "")
    except urllib.error.URLError as exc:
        reason = exc.reason
        text = "timed out" if isinstance(reason, TimeoutError) else str(reason)
        return Outcome(url, None, text)
    except TimeoutError:
        return Outcome(url, None, "timed out")
    except (OSError, ValueError) as exc:  # connection reset, bad status line, malformed URL
        return Outcome(url, None, str(exc) or type(exc).__name__)
    return Outcome(url, status, reason, final if final != url else "")


def check_all(
    urls: Iterable[str], timeout: float = DEFAULT_TIMEOUT, workers: int = DEFAULT_WORKERS
) -> list[Outcome]:
    """Check addresses in parallel (network waits dominate), results in the order given."""
    targets = list(urls)
    if not targets:
        return []
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(targets)))) as pool:
        return list(pool.map(lambda u: check_url(u, timeout), targets))


def _cell(text: str) -> str:
    """Table-safe text: pipes and newlines would break the Markdown table."""
    return " ".join(text.replace("|", "\\|").split())


def report_markdown(outcomes: Sequence[Outcome], cited: dict[str, list[str]]) -> str:
    """The report people read in the run summary: problems first, then what merely moved."""
    broken = [o for o in outcomes if o.kind in ("broken", "unreachable")]
    moved = [o for o in outcomes if o.kind == "moved"]
    lines = [
        "## External links",
        "",
        f"{len(outcomes)} addresses checked: {len(outcomes) - len(broken)} answer, "
        f"{len(broken)} do not, {len(moved)} redirect elsewhere.",
        "",
    ]
    if broken:
        lines += [
            "### Not answering",
            "",
            "A server can be down for a day: check by hand before replacing a source.",
            "",
            "| address | answer | cited in |",
            "|---|---|---|",
        ]
        for outcome in broken:
            answer = f"{outcome.status} {outcome.detail}" if outcome.status else outcome.detail
            lines.append(
                f"| {_cell(outcome.url)} | {_cell(answer.strip())} | "
                f"{_cell('; '.join(cited.get(outcome.url, [])))} |"
            )
        lines.append("")
    if moved:
        lines += [
            "### Redirected",
            "",
            "These work, but the address people cite may have changed.",
            "",
            "| address | now at | cited in |",
            "|---|---|---|",
        ]
        for outcome in moved:
            lines.append(
                f"| {_cell(outcome.url)} | {_cell(outcome.final_url)} | "
                f"{_cell('; '.join(cited.get(outcome.url, [])))} |"
            )
        lines.append("")
    return "\n".join(lines)


def _write_summary(text: str) -> None:
    """Append to the GitHub Actions job summary when running there."""
    target = os.environ.get("GITHUB_STEP_SUMMARY", "").strip()
    if not target:
        return
    try:
        with Path(target).open("a", encoding="utf-8") as handle:
            handle.write(text + "\n")
    except OSError as exc:
        print(f"warning: cannot write the job summary: {exc}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m atlas.linkcheck",
        description="Check every external address the content cites and write a Markdown "
        "report (also to $GITHUB_STEP_SUMMARY when set). Always exits 0: it reports, it never "
        "blocks.",
    )
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per try")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="parallel requests")
    parser.add_argument("--root", type=Path, help="the project (default: found from the cwd)")
    args = parser.parse_args(argv)
    try:
        root = find_root(args.root)
    except ProjectNotFound as exc:
        message = f"## External links\n\nNot checked: {exc}"
        print(message)
        _write_summary(message)
        return 0
    result = catalogue.load(root)
    cited = collect_links(result.catalogue)
    outcomes = check_all(cited, timeout=args.timeout, workers=args.workers)
    report = report_markdown(outcomes, cited)
    if not result.ok:
        report += (
            "\nEntries with errors are not in the catalogue, so their links were not checked; "
            "run `atlas check`.\n"
        )
    print(report)
    _write_summary(report)
    return 0


def host_of(url: str) -> str:
    """The host name of an address (tests use it to prove they stay on 127.0.0.1)."""
    return urlsplit(url).hostname or ""


if __name__ == "__main__":
    sys.exit(main())
