"""A problem found in a contributor file, reported compiler-style."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    col: int
    key_path: str
    message: str
    severity: str = "error"

    def __post_init__(self) -> None:
        # Values are shown escaped (see ``printable``), in every output: a value cannot
        # end the line, forge another error, or hold what UTF-8 cannot encode.
        for name in ("file", "key_path", "message"):
            object.__setattr__(self, name, printable(getattr(self, name)))

    def format(self) -> str:
        key = self.key_path or "(file)"
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {key}: {self.message}"

    def github(self) -> str:
        """A GitHub Actions workflow command: the problem shows on the line of the pull
        request's diff."""
        title = _command_value(self.key_path or "(file)", properties=True)
        file = _command_value(self.file, properties=True)
        return (f"::{self.severity} file={file},line={self.line},col={self.col},"
                f"title={title}::{_command_value(self.message)}")

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "col": self.col,
                "severity": self.severity, "key": self.key_path, "message": self.message}


def printable(text: str) -> str:
    """``text`` with every character that is not printable (line breaks, controls, lone
    surrogates, zero-width and direction marks) written as its Python escape, ``\\n`` or
    ``\\u200b``: an error line stays one line and shows what is really there."""
    if text.isprintable():
        return text
    return "".join(character if character.isprintable()
                   else character.encode("unicode_escape").decode("ascii")
                   for character in text)


def _command_value(text: str, properties: bool = False) -> str:
    # The escapes GitHub's workflow-command syntax defines (actions/toolkit, command.ts).
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if properties:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


class InvalidData(Exception):
    """Raised by loaders that must not go on with invalid records (e.g. the site build)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        lines = "\n".join(p.format() for p in errors)
        super().__init__(f"{len(errors)} error(s) in the data:\n{lines}")
