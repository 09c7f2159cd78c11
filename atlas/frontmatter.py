"""Reading one entry file: bytes to front-matter (located) and Markdown body.

Contributors edit on every platform, so a byte-order mark and CRLF line endings are accepted.
Whatever is wrong with the file becomes a located `YamlProblem`; nothing here raises anything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from atlas.yamlread import Located, YamlProblem, read_yaml

MAX_BYTES = 512 * 1024
DELIMITER = "---"


@dataclass(frozen=True)
class RawEntry:
    """An entry file split in two: `meta` (located front-matter) and the Markdown `body`."""

    path: Path
    meta: Located
    body: str
    body_line: int  # the file line on which the body starts


def decode(data: bytes) -> str:
    """UTF-8 text with any byte-order mark removed and line endings made `\\n`."""
    if len(data) > MAX_BYTES:
        raise YamlProblem(
            1, 1, f"file is larger than {MAX_BYTES // 1024} KiB", "split or shorten the entry"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        line_bytes = before[before.rfind(b"\n") + 1 :]
        column = len(line_bytes.decode("utf-8", errors="replace")) + 1
        raise YamlProblem(
            line, column, "file is not valid UTF-8", "save the file with UTF-8 encoding"
        ) from None
    if "\x00" in text:
        raise YamlProblem(1, 1, "file contains a NUL byte", "save it as plain UTF-8 text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(text: str) -> tuple[str, str, int]:
    """Front-matter text, body text, and the file line where the body starts."""
    if not text.strip():
        raise YamlProblem(
            1, 1, "file is empty", "start with a front-matter block between '---' lines"
        )
    lines = text.split("\n")
    if lines[0].rstrip() != DELIMITER:
        raise YamlProblem(
            1,
            1,
            "no front-matter: the first line must be '---'",
            "start the file with a '---' line, the YAML keys, then another '---' line",
        )
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() == DELIMITER:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    raise YamlProblem(
        1, 1, "front-matter is not closed", "add a line '---' after the last front-matter key"
    )


def parse_entry(path: Path, data: bytes) -> RawEntry:
    """Split and parse one entry; raise `YamlProblem` with a file position on any fault."""
    front, body, body_line = split(decode(data))
    meta = read_yaml(front, line_offset=1)
    if meta.data is None:
        raise YamlProblem(2, 1, "front-matter is empty", "add the required keys (see atlas new)")
    if not isinstance(meta.data, dict):
        raise YamlProblem(
            2,
            1,
            "front-matter must be a mapping of keys to values",
            "write one 'key: value' per line",
        )
    return RawEntry(path=path, meta=meta, body=body, body_line=body_line)
