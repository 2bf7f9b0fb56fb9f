"""Strict YAML loading with the position of every key and value.

Contributor files are untrusted. Before anything is built from a file it is
checked at the event level: anchors, aliases, tags other than the plain core
ones, several documents and deep nesting are refused, so an alias bomb or a
``!!python/object`` tag never reaches a constructor.
"""

from __future__ import annotations

import datetime as dt
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from lumbung.problems import Problem

# libyaml (C) when PyYAML was built with it, else the same parser in Python.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 256 * 1024
MAX_DEPTH = 32
MAX_PROBLEMS = 20  # per file, for the event checks: a hostile file is not worth more lines
ALLOWED_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
}
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# What no value may hold: characters XML 1.0 cannot carry (the feed and the DOCX and ODT
# downloads are XML), C1 controls, and lone surrogates, which UTF-8 cannot encode (YAML's
# "\ud800" escape makes one).
UNSAFE_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# YAML 1.1 also reads 017 (octal), 0x1f, 1:30 (base 60) and .nan as numbers.
PLAIN_NUMBER = {
    "tag:yaml.org,2002:int": re.compile(r"^[-+]?(0|[1-9][0-9]*)$"),
    "tag:yaml.org,2002:float": re.compile(r"^[-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?$"),
}

KeyPath = tuple  # of str (mapping keys) and int (list indexes)


class YamlDate(str):
    """A value written without quotes that YAML 1.1 reads as a date or time.

    It keeps its source text, so nothing changes silently; the validator
    accepts it only where a date is expected and the text is exactly
    ``YYYY-MM-DD`` (``exact``), and asks for quotes everywhere else.
    """

    exact: bool = False


class BareDate(YamlDate):
    exact = True


@dataclass(frozen=True)
class Scalar:
    """How a scalar was written: its source text and whether it was quoted."""

    text: str
    quoted: bool
    tag: str

    @property
    def surprising_number(self) -> bool:
        """YAML 1.1 read it as a number, but not from plain digits (017, 0x1f, 1:30, .nan)."""
        plain = PLAIN_NUMBER.get(self.tag)
        return plain is not None and not self.quoted and not plain.match(self.text)


@dataclass
class Document:
    """A loaded YAML mapping with the 1-based position of each key and value."""

    data: Any
    value_at: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    key_at: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    scalars: dict[KeyPath, Scalar] = field(default_factory=dict)
    source: str | None = None  # the file's text, while it is being validated

    def locate(self, path: KeyPath, needle: str) -> tuple[int, int]:
        """Where ``needle`` is written inside the value at ``path`` (a text over several
        lines), else where the value starts."""
        line, col = self.position(path)
        if self.source is not None:
            lines = self.source.splitlines()
            for number in range(line, min(line + 200, len(lines)) + 1):
                found = lines[number - 1].find(needle, col - 1 if number == line else 0)
                if found >= 0:
                    return number, found + 1
        return line, col

    def position(self, path: KeyPath, *, key: bool = False) -> tuple[int, int]:
        """Where ``path`` is written: its key (or value), else its nearest parent."""
        path = tuple(path)
        while True:
            table = (self.key_at, self.value_at) if key else (self.value_at, self.key_at)
            for positions in table:
                if path in positions:
                    return positions[path]
            if not path:
                return (1, 1)
            path = path[:-1]


def read_yaml(path) -> Any:
    """One of the project's own YAML files (vocabularies, schema, forms: trusted, checked by
    the tests), read with libyaml where PyYAML has it: the Python parser took about a second
    of every build's start for them."""
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=FAST_LOADER)  # noqa: S506 (a safe loader)


def _mark(mark: yaml.Mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def unsafe_character_message(character: str) -> str:
    """Why ``character`` (matched by UNSAFE_CHARACTER) cannot stay, and what to do."""
    code = f"U+{ord(character):04X}"
    if "\ud800" <= character <= "\udfff":
        return (f"holds a lone surrogate ({code}), which UTF-8 cannot encode; remove it "
                "(write an emoji as itself or as one escape such as \\U0001F600, not as two "
                "\\u escapes)")
    return (f"holds the control character {code}, which the site's feed and downloads "
            "cannot carry; remove it")


def _read_text(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            return None, [Problem(display, 1, 1, "", "cannot read the folder; check that it "
                                  "is readable")]
        if not stat.S_ISREG(status.st_mode):  # a pipe would never end
            return None, [Problem(display, 1, 1, "", "not a regular file (a pipe or a "
                                  "device); give a .yml file")]
        size = status.st_size
        if size > MAX_BYTES:
            return None, [
                Problem(display, 1, 1, "", f"file is {size // 1024} KiB; the limit is 256 KiB "
                        "(split it, or move long texts to a source)")
            ]
        with path.open("rb") as handle:  # read at most one byte past the limit
            raw = handle.read(MAX_BYTES + 1)
    except OSError as error:
        return None, [Problem(display, 1, 1, "", f"cannot read the file: "
                              f"{error.strerror or error}; check that it exists and is "
                              "readable")]
    if len(raw) > MAX_BYTES:  # it grew after stat
        return None, [Problem(display, 1, 1, "", "file is over 256 KiB; the limit is 256 KiB "
                              "(split it, or move long texts to a source)")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(display, 1, 1, "", "file starts with a byte order mark (BOM); "
                              "save it as UTF-8 without BOM")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", errors="replace")) + 1
        byte = raw[error.start]
        return None, [Problem(display, line, col, "", f"invalid UTF-8 byte 0x{byte:02x}; "
                              "save the file as UTF-8")]


def _needs_event_scan(text: str) -> bool:
    """Whether ``text`` may hold what only the event scan refuses safely: an anchor, alias
    or tag (each needs one of & * !) or flow nesting deep enough to matter. Without them
    the file is composed at once: a second parse of every file cost a third of the time.
    (Several documents make composing fail, and then the scan runs; block nesting is
    bounded by the file size and checked while building.)"""
    return "&" in text or "*" in text or "!" in text or \
        text.count("[") + text.count("{") > MAX_DEPTH


def _scan_events(text: str, display: str, loader: type) -> list[Problem]:
    """Refuse what a safe, plain data file never needs, before composing anything."""
    problems: list[Problem] = []
    depth = 0
    documents = 0
    for event in yaml.parse(text, Loader=loader):
        line, col = _mark(event.start_mark)
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                problems.append(Problem(display, line, col, "", "only one YAML document per "
                                        "file; remove the '---' separator"))
                break
        if len(problems) >= MAX_PROBLEMS:
            break
        if isinstance(event, yaml.AliasEvent):
            problems.append(Problem(display, line, col, "", f"alias '*{event.anchor}' is not "
                                    "allowed; write the value out in full"))
            continue
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            problems.append(Problem(display, line, col, "", f"anchor '&{event.anchor}' is not "
                                    "allowed; write each value out in full"))
        tag = getattr(event, "tag", None)
        if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)) and tag is not None \
                and tag not in ALLOWED_TAGS and tag != "!":
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            problems.append(Problem(display, line, col, "", f"tag '{shown}' is not allowed; "
                                    "remove it (quote the value if it must be text)"))
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                problems.append(Problem(display, line, col, "", f"nesting deeper than "
                                        f"{MAX_DEPTH} levels is not allowed"))
                break
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return problems[:MAX_PROBLEMS]


_STR_TAG = "tag:yaml.org,2002:str"


class _Builder:
    """Turns a composed node tree into plain data, recording positions."""

    def __init__(self, display: str, characters: bool = True) -> None:
        self.display = display
        # Whether a scalar may hold a character UTF-8 or XML cannot carry: only where the
        # file's text holds one, or a backslash (a double-quoted escape makes the others).
        self.characters = characters
        self.constructor = yaml.constructor.SafeConstructor()
        self.problems: list[Problem] = []
        self.document = Document(data=None)
        self.too_deep = False  # then the file is refused as the event scan would

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.document.value_at[path] = _mark(node.start_mark)
        if isinstance(node, yaml.CollectionNode) and len(path) >= MAX_DEPTH:
            line, col = _mark(node.start_mark)
            self.problems.append(Problem(self.display, line, col, "", f"nesting deeper than "
                                         f"{MAX_DEPTH} levels is not allowed"))
            self.too_deep = True
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _unsafe(self, node: yaml.ScalarNode, key_path: KeyPath) -> None:
        if not self.characters:
            return
        found = UNSAFE_CHARACTER.search(node.value)
        if found is not None:
            line, col = _mark(node.start_mark)
            self.problems.append(Problem(self.display, line, col, _dotted(key_path),
                                         unsafe_character_message(found.group())))

    def _scalar(self, node: yaml.ScalarNode, path: KeyPath) -> Any:
        self.document.scalars[path] = Scalar(node.value, node.style in ("'", '"'), node.tag)
        self._unsafe(node, path)
        if node.tag == _STR_TAG:  # most values: text as written, nothing to construct
            return node.value
        try:
            value = self.constructor.construct_object(node)
        except (ValueError, OverflowError):
            if node.tag in PLAIN_NUMBER:  # e.g. an integer past Python's 4,300-digit limit
                line, col = _mark(node.start_mark)
                self.problems.append(Problem(
                    self.display, line, col, _dotted(path),
                    f"a number of {len(node.value):,} characters is far outside any value "
                    "this format allows"))
                return node.value
            return YamlDate(node.value)  # e.g. 2021-02-30, which YAML 1.1 reads as a date
        if isinstance(value, dt.date):
            if not isinstance(value, dt.datetime) and ISO_DATE.match(node.value) \
                    and value.isoformat() == node.value:
                return BareDate(node.value)
            return YamlDate(node.value)
        return value

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line, col = _mark(key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.display, line, col, _dotted(path),
                                             "a key must be a plain word"))
                continue
            key = key_node.value
            key_path = path + (key,)
            self._unsafe(key_node, key_path)
            if key_node.tag != _STR_TAG and not key_node.style:
                self.problems.append(Problem(
                    self.display, line, col, _dotted(key_path),
                    f"key '{key}' is not read as text by YAML; quote it: \"{key}\""))
            if key in first_seen:
                self.problems.append(Problem(
                    self.display, line, col, _dotted(key_path),
                    f"duplicate key '{key}' (first written on line {first_seen[key]}); "
                    "keep one of them"))
                continue
            first_seen[key] = line
            self.document.key_at[key_path] = (line, col)
            result[key] = self.build(value_node, key_path)
        return result


def _dotted(path: KeyPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # as YAML (and its marks) counts them


def _position(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of the character at ``index`` of ``text``."""
    breaks = list(_LINE_BREAK.finditer(text, 0, index))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, len(text[start:index].replace("\ufeff", "")) + 1  # as YAML


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    problem = error.problem or error.context or "not valid YAML"
    if "'\\t'" in problem or "\t" in problem:
        return "invalid YAML: a tab cannot be used to indent; indent with spaces"
    if problem.startswith("mapping values are not allowed"):
        return (f"invalid YAML: {problem}; a text that contains \": \" must be put in quotes, "
                "or a key is indented wrongly")
    if error.context and error.problem:
        return f"invalid YAML: {error.problem} ({error.context})"
    return f"invalid YAML: {problem}"


def load_document(path: Path, display: str | None = None) -> tuple[Document | None, list[Problem]]:
    """Load one YAML file strictly. Returns the document, or None and the problems."""
    display = display or str(path)
    text, problems = _read_text(path, display)
    if text is None:
        return None, problems
    try:
        try:
            if _needs_event_scan(text):
                problems = _scan_events(text, display, FAST_LOADER)
            node = None if problems else yaml.compose(text, Loader=FAST_LOADER)
        except yaml.YAMLError:
            # libyaml found a problem: parse again in Python, whose messages are clearer.
            problems = _scan_events(text, display, yaml.SafeLoader)
            node = None if problems else yaml.compose(text, Loader=yaml.SafeLoader)
        if problems:
            return None, problems
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = _mark(mark) if mark else (1, 1)
        return None, [Problem(display, line, col, "", _syntax_message(error))]
    except yaml.reader.ReaderError as error:  # a character YAML does not read at all
        line, col = _position(text, error.position)
        code = error.character  # the character's code point when reading text (as here)
        shown = f"U+{code:04X}" if isinstance(code, int) else repr(code)
        return None, [Problem(display, line, col, "", f"the character {shown} cannot be read "
                              "in a YAML file; remove it")]
    except yaml.YAMLError as error:
        return None, [Problem(display, 1, 1, "", f"invalid YAML: {error}")]
    if node is None:
        return None, [Problem(display, 1, 1, "", "file is empty; copy an existing case "
                              "from case_studies/ and change its values")]
    if not isinstance(node, yaml.MappingNode):
        line, col = _mark(node.start_mark)
        return None, [Problem(display, line, col, "", "the file must be a mapping of keys "
                              "such as 'format: 1', 'id: ...'")]
    builder = _Builder(display, characters="\\" in text
                       or UNSAFE_CHARACTER.search(text) is not None)
    builder.document.source = text
    try:
        builder.document.data = builder.build(node, ())
    except yaml.constructor.ConstructorError as error:
        line, col = _mark(error.problem_mark) if error.problem_mark else (1, 1)
        return None, [Problem(display, line, col, "", f"invalid value: {error.problem}")]
    if builder.too_deep:
        return None, builder.problems
    return builder.document, builder.problems


dotted = _dotted
