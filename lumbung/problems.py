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

    def format(self) -> str:
        key = self.key_path or "(file)"
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {key}: {self.message}"


class InvalidData(Exception):
    """Raised by loaders that must not go on with invalid records (e.g. the site build)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        lines = "\n".join(p.format() for p in errors)
        super().__init__(f"{len(errors)} error(s) in the data:\n{lines}")
