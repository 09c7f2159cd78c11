"""`atlas export`: the open data from a clone, without building the site.

Writes exactly the bytes the site publishes (`api/practices.json` or `api/practices.csv`), so
`atlas export --format csv > x.csv` and the downloaded file are interchangeable.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from atlas.catalogue import Catalogue
from atlas.clitools import load_valid
from atlas.exports.common import dumps
from atlas.exports.records import practices_list
from atlas.exports.table import practices_csv
from atlas.project import find_root

# Where `atlas serve` previews the site: the only honest base when mkdocs.yml names none.
FALLBACK_SITE_URL = "http://127.0.0.1:8000/"


class _TolerantLoader(yaml.SafeLoader):
    """A safe loader that reads MkDocs' `!!python/name:` and `!ENV` tags as null, not code."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None


_TolerantLoader.add_multi_constructor("", _ignore_tag)


def site_url_of(root: Path) -> str | None:
    """`site_url` from mkdocs.yml, or None when it is absent or unreadable."""
    try:
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
        config = yaml.load(text, _TolerantLoader)  # a SafeLoader: builds no Python objects
    except (OSError, yaml.YAMLError):
        return _site_url_by_regex(root)
    value = config.get("site_url") if isinstance(config, dict) else None
    return value if isinstance(value, str) and value.strip() else None


def _site_url_by_regex(root: Path) -> str | None:
    """Last resort for a mkdocs.yml YAML cannot read: the `site_url:` line itself."""
    try:
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    except OSError:
        return None
    match = re.search(r"^site_url:\s*['\"]?([^'\"\s#]+)", text, re.MULTILINE)
    return match.group(1) if match else None


def export_bytes(fmt: str, cat: Catalogue, site_url: str) -> bytes:
    if fmt == "csv":
        return practices_csv(cat, site_url)
    return dumps(practices_list(cat, site_url))


def _write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target, then rename: a failed export never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_stdout(data: bytes) -> None:
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (some test harnesses)
        sys.stdout.write(data.decode("utf-8"))
    else:
        buffer.write(data)
        buffer.flush()


def cmd_export(args: argparse.Namespace) -> int:
    root = find_root()
    cat = load_valid(root, "export")
    if cat is None:
        return 1
    site_url = args.site_url or site_url_of(root)
    if not site_url:
        print(f"warning: mkdocs.yml has no site_url; URLs use {FALLBACK_SITE_URL}", file=sys.stderr)
        site_url = FALLBACK_SITE_URL
    try:
        data = export_bytes(args.format, cat, site_url)
    except ValueError as exc:  # a value JSON cannot hold, such as `.inf`, that check let pass
        print(f"error: cannot export: {exc}", file=sys.stderr)
        return 1
    if args.out:
        _write_atomically(Path(args.out), data)
    else:
        _write_stdout(data)
    return 0


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register `export` on the `atlas` command's subparsers."""
    parser = subparsers.add_parser(
        "export",
        help="write the practices as JSON or CSV",
        description="Write every practice as api/practices.json (--format json) or "
        "api/practices.csv (--format csv) would hold it, to stdout or to --out PATH. "
        "Refuses, exiting 1, while the content has errors.",
    )
    parser.add_argument(
        "--format",
        choices=("json", "csv"),
        default="json",
        help="json (default): a JSON list; csv: UTF-8 with a BOM, ';' in lists",
    )
    parser.add_argument("--out", metavar="PATH", help="write to this file instead of stdout")
    parser.add_argument(
        "--site-url",
        metavar="URL",
        help="base of the absolute URLs (default: site_url of mkdocs.yml)",
    )
    parser.set_defaults(func=cmd_export)
    return parser
