"""Safe, located YAML reading for content files.

PyYAML's loaders drop what a linter needs (where each key is) and accept what our content model
forbids (duplicate keys silently keep the last value; YAML 1.1 reads `NO` as false; anchors,
aliases and tags). So we let libyaml's C parser (when present) produce events and build plain
Python values from them ourselves, recording the position of every key and value, and refusing
anchors, aliases, tags, duplicate keys and runaway nesting as located errors. Most documents
are valid, so they are first read without recording positions (in about 60% of the time); a
document with anything unusual in it, and any document whose positions are asked for, is read
again by the located reader.

Scalars follow the YAML 1.2 core schema: only `true`/`false` are booleans, and there are no
timestamps, so `2026-11-25` stays the string a date field expects.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

try:  # libyaml's parser is about ten times faster; fall back to pure Python where it is absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path = tuple[str | int, ...]
Position = tuple[int, int]

MAX_DEPTH = 32

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
# Every text the patterns above match starts with one of these, or is empty ("\n" too: `$`
# matches before a final line break).
_NOT_TEXT_STARTS = frozenset("~nNtTfF+-.0123456789\n")


class YamlProblem(Exception):
    """A located reason the document cannot be read; lines and columns are 1-based."""

    def __init__(self, line: int, column: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint


class Lines:
    """Line and column of character indexes, counting only '\\n' as a line break.

    libyaml also breaks lines at U+0085, U+2028 and U+2029, which editors and GitHub do not;
    counting from the character index keeps every location where the contributor sees it.
    The line starts are found once, so locating every event of a document stays linear.
    """

    def __init__(self, text: str, line_offset: int = 0) -> None:
        self._length = len(text)
        self._offset = line_offset
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def locate(self, index: int) -> Position:
        index = max(0, min(index, self._length))
        line = bisect_right(self._starts, index) - 1
        return (line + 1 + self._offset, index - self._starts[line] + 1)


@dataclass
class Positions:
    """Where each part of a document was written.

    `offsets[path]` is the character index where the value at `path` starts; `key_offsets[path]`
    where the key that introduced it starts (absent for list items and the root). Indexes are
    turned into lines and columns only when a problem is reported.
    """

    lines: Lines
    offsets: dict[Path, int] = field(default_factory=dict)
    key_offsets: dict[Path, int] = field(default_factory=dict)


class Located:
    """Plain data plus where each part of it was written.

    Most documents are valid and nobody asks where their values are, so `read_yaml` builds only
    the data and keeps the text; the positions are found the first time a problem needs one
    (reading the events again, about as long as the first reading took).
    """

    def __init__(self, data: Any, text: str = "", line_offset: int = 0) -> None:
        self.data = data
        self.text = text
        self.line_offset = line_offset
        self._positions: Positions | None = None

    @property
    def positions(self) -> Positions:
        if self._positions is None:
            self._positions = _located(self.text, self.line_offset)._positions
            assert self._positions is not None
        return self._positions

    @property
    def lines(self) -> Lines:
        return self.positions.lines

    @property
    def offsets(self) -> dict[Path, int]:
        return self.positions.offsets

    @property
    def key_offsets(self) -> dict[Path, int]:
        return self.positions.key_offsets

    @property
    def values(self) -> dict[Path, Position]:
        """Line and column of every value (for tools and tests; slower than `where`)."""
        return {path: self.lines.locate(i) for path, i in self.offsets.items()}

    def where(self, path: Path, *, key: bool = False) -> Position:
        """The position of `path`, or of its nearest ancestor that has one."""
        positions = self.positions
        probe = path
        while True:
            table = (
                positions.key_offsets
                if key and probe in positions.key_offsets
                else positions.offsets
            )
            if probe in table:
                return positions.lines.locate(table[probe])
            if not probe:
                return (1, 1)
            probe = probe[:-1]


@lru_cache(maxsize=4096)
def resolve_plain(text: str) -> Any:
    """The YAML 1.2 core-schema value of an unquoted scalar."""
    if text and text[0] not in _NOT_TEXT_STARTS:  # no pattern below can match: most words
        return text
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        try:
            return int(text)
        except ValueError:  # beyond Python's digit limit: no field wants it; report it as text
            return text
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.match(text):
        return float("nan")
    return text


class _Builder:
    def __init__(self, events: Iterator[yaml.Event], text: str, line_offset: int) -> None:
        self._events = events
        self.positions = Positions(Lines(text, line_offset))
        self.result = Located(None, text, line_offset)
        self.result._positions = self.positions

    def _fail(self, event: yaml.Event, message: str, hint: str = "") -> YamlProblem:
        line, column = self.positions.lines.locate(event.start_mark.index)
        return YamlProblem(line, column, message, hint)

    def build(self) -> Located:
        events = self._events
        next(events)  # StreamStartEvent
        first = next(events)
        if isinstance(first, yaml.StreamEndEvent):
            return self.result
        self.result.data = self._node(next(events), (), 0)
        next(events)  # DocumentEndEvent
        extra = next(events)
        if isinstance(extra, yaml.DocumentStartEvent):
            raise self._fail(extra, "more than one YAML document", "remove the extra '---' line")
        return self.result

    def _check_plain(self, event: yaml.NodeEvent) -> None:
        if isinstance(event, yaml.AliasEvent):
            raise self._fail(
                event, "YAML aliases (*name) are not allowed", "write the value out in full"
            )
        if event.anchor is not None:
            raise self._fail(
                event, f"YAML anchors (&{event.anchor}) are not allowed", "remove the anchor"
            )
        tag = getattr(event, "tag", None)
        if tag is not None and not (isinstance(event, yaml.ScalarEvent) and tag == "!"):
            raise self._fail(event, f"YAML tags ({tag}) are not allowed", "remove the tag")

    def _node(self, event: yaml.Event, path: Path, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self._fail(event, f"nesting deeper than {MAX_DEPTH} levels")
        self._check_plain(event)
        self.positions.offsets[path] = event.start_mark.index
        if isinstance(event, yaml.ScalarEvent):
            return resolve_plain(event.value) if not event.style else event.value
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            while not isinstance(item := next(self._events), yaml.SequenceEndEvent):
                items.append(self._node(item, (*path, len(items)), depth + 1))
            return items
        return self._mapping(path, depth)

    def _mapping(self, path: Path, depth: int) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        while not isinstance(key_event := next(self._events), yaml.MappingEndEvent):
            self._check_plain(key_event)
            if not isinstance(key_event, yaml.ScalarEvent):
                raise self._fail(key_event, "a key must be a plain word, not a list or mapping")
            key = key_event.value
            if key in mapping:
                first = self.positions.lines.locate(self.positions.key_offsets[(*path, key)])
                raise self._fail(
                    key_event,
                    f"duplicate key '{key}'",
                    f"it is already set on line {first[0]}; keep one",
                )
            self.positions.key_offsets[(*path, key)] = key_event.start_mark.index
            mapping[key] = self._node(next(self._events), (*path, key), depth + 1)
        return mapping


def read_yaml(text: str, line_offset: int = 0) -> Located:
    """Parse one YAML document into located plain data; raise `YamlProblem` on any fault.

    `line_offset` is added to every line so that positions refer to the enclosing file.
    A document the quick reading finds nothing unusual in is returned as data and text, its
    positions left for `Located` to find if asked; anything else is read again by the located
    reader, whose verdict (value or error) is the one returned.
    """
    try:
        return Located(_plain(text), text, line_offset)
    except (_Unusual, yaml.YAMLError):
        return _located(text, line_offset)


class _Unusual(Exception):
    """Something the quick reading leaves to the located reader to judge and word."""


def _plain(text: str) -> Any:
    """The data of a document without positions, refusing (`_Unusual`) whatever `_Builder`
    would refuse: it reads the very same events in the same order, so when it accepts a
    document the located reader accepts it too and builds the same data."""
    loader = _Loader(text)
    try:
        get = loader.get_event
        get()  # StreamStartEvent
        if get().__class__ is yaml.StreamEndEvent:
            return None
        data = _plain_node(get, get(), 0)
        get()  # DocumentEndEvent
        if get().__class__ is not yaml.StreamEndEvent:
            raise _Unusual
        return data
    finally:
        loader.dispose()


def _plain_node(get: Callable[[], Any], event: Any, depth: int) -> Any:
    # Scalars, by far the most common node, are built in their collection's loop: a call less.
    kind = event.__class__
    if kind is yaml.AliasEvent or event.anchor is not None or event.tag is not None:
        raise _Unusual
    if kind is yaml.ScalarEvent:
        return event.value if event.style else resolve_plain(event.value)
    if depth >= MAX_DEPTH:
        raise _Unusual
    if kind is yaml.SequenceStartEvent:
        items: list[Any] = []
        while (event := get()).__class__ is not yaml.SequenceEndEvent:
            if event.__class__ is yaml.ScalarEvent and event.anchor is None and event.tag is None:
                items.append(event.value if event.style else resolve_plain(event.value))
            else:
                items.append(_plain_node(get, event, depth + 1))
        return items
    mapping: dict[str, Any] = {}
    while (key := get()).__class__ is not yaml.MappingEndEvent:
        if key.__class__ is not yaml.ScalarEvent or key.anchor is not None or key.tag is not None:
            raise _Unusual
        name = key.value
        if name in mapping:
            raise _Unusual
        event = get()
        if event.__class__ is yaml.ScalarEvent and event.anchor is None and event.tag is None:
            mapping[name] = event.value if event.style else resolve_plain(event.value)
        else:
            mapping[name] = _plain_node(get, event, depth + 1)
    return mapping


def _located(text: str, line_offset: int) -> Located:
    """`read_yaml` with every position recorded, and the located error on any fault."""
    try:
        loader = _Loader(text)
        try:
            events = iter(loader.get_event, None)
            return _Builder(events, text, line_offset).build()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = Lines(text, line_offset).locate(mark.index) if mark else (1 + line_offset, 1)
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise YamlProblem(
            line,
            column,
            f"YAML syntax error: {problem}",
            _syntax_hint(text, line - line_offset, problem),
        ) from None
    except yaml.reader.ReaderError as exc:
        line, column = Lines(text, line_offset).locate(exc.position)
        raise YamlProblem(
            line,
            column,
            f"character #x{exc.character:04x} is not allowed: {exc.reason}",
            "remove it or write it out",
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error is one of the above
        raise YamlProblem(1 + line_offset, 1, "YAML error: " + str(exc).splitlines()[0]) from None


def _syntax_hint(text: str, line: int, problem: str) -> str:
    lines = text.split("\n")
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in source or "tab" in problem:
        return "use spaces, not tabs, to indent"
    if "mapping values are not allowed" in problem:
        return "put the value in quotes if it contains ': '"
    return ""
