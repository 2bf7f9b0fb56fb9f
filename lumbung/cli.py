"""The ``lumbung`` command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lumbung.catalog import CASES_DIR, REGULATIONS_DIR, check, yaml_files
from lumbung.schema import MODEL_SCHEMA_FILE, SCHEMA_FILE, schema_json

EXIT_VALID, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _validate(args: argparse.Namespace) -> int:
    root = Path(args.root)
    paths = [Path(p) for p in args.paths] or [
        p for p in (root / CASES_DIR, root / REGULATIONS_DIR) if p.is_dir()
    ]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        print(f"lumbung validate: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    files = yaml_files(paths)
    _, problems = check(paths, root)
    for problem in problems:
        print(problem.format())
    errors = sum(1 for p in problems if p.severity == "error")
    bad_files = len({p.file for p in problems if p.severity == "error"})
    if errors:
        print(f"{errors} error(s) in {bad_files} of {len(files)} file(s)", file=sys.stderr)
        return EXIT_INVALID
    print(f"{len(files)} file(s) valid", file=sys.stderr)
    return EXIT_VALID


def _schema(args: argparse.Namespace) -> int:
    if args.write:
        for kind, path in (("case", SCHEMA_FILE), ("model", MODEL_SCHEMA_FILE)):
            path.write_text(schema_json(kind), encoding="utf-8")
            print(f"wrote {path}", file=sys.stderr)
    else:
        sys.stdout.write(schema_json(args.kind))
    return EXIT_VALID


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lumbung", description="Lumbung Praktik tools.")
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser(
        "validate", help="check case-study files",
        description="Check case-study files and report every problem as "
                    "PATH:LINE:COL: error: KEY.PATH: message. Exit 0 valid, 1 invalid, 2 usage.")
    validate.add_argument("paths", nargs="*", metavar="PATH",
                          help=f"files or folders (default: {CASES_DIR}/ and {REGULATIONS_DIR}/)")
    validate.add_argument("--root", default=".",
                          help="knowledge-base root, for ids used by other files (default: .)")
    validate.set_defaults(run=_validate)

    schema = commands.add_parser("schema", help="print a JSON Schema (case study or model)")
    schema.add_argument("kind", nargs="?", choices=("case", "model"), default="case")
    schema.add_argument("--write", action="store_true",
                        help="write both schemas into lumbung/schema/ for editors")
    schema.set_defaults(run=_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
