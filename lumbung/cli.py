"""The ``lumbung`` command."""

from __future__ import annotations

import argparse
import json
import re
import sys
import traceback
from pathlib import Path

from lumbung.catalog import CASES_DIR, REGULATIONS_DIR, check, yaml_files
from lumbung.intake import (
    FORM_PATH,
    case_from_issue,
    case_path,
    dump_case,
    load_form,
    read_body,
)
from lumbung.problems import printable
from lumbung.scaffold import case_template
from lumbung.schema import MODEL_SCHEMA_FILE, SCHEMA_FILE, schema_json
from lumbung.selfcheck import SELF_CHECK_FILE, is_criteria_file
from lumbung.selfcheck import check_file as check_criteria
from lumbung.validate import nearest, today_in_indonesia
from lumbung.vocab import load_vocabulary, slugify

EXIT_VALID, EXIT_INVALID, EXIT_USAGE = 0, 1, 2  # usage errors and internal errors exit 2


def _validate(args: argparse.Namespace) -> int:
    root = Path(args.root)
    paths = [Path(p) for p in args.paths] or [
        p for p in (root / CASES_DIR, root / REGULATIONS_DIR) if p.is_dir()
    ]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        print(f"lumbung validate: no such file or folder: {printable(', '.join(missing))}",
              file=sys.stderr)
        return EXIT_USAGE
    files = yaml_files(paths)
    # The self-check criteria (lumbung/vocab/self_check.yml, or a file named self_check*.yml)
    # are checked by their own rules; with no path given, the project's file is checked too.
    criteria = [p for p in files if is_criteria_file(p)]
    if not args.paths and SELF_CHECK_FILE.exists():
        criteria.append(SELF_CHECK_FILE)
    others = [p for p in files if not is_criteria_file(p)]
    _, problems = check(others, root) if others else ([], [])
    for path in criteria:
        problems = problems + check_criteria(path, _shown(path, root), root)[1]
    files = list(dict.fromkeys(files + criteria))
    if args.format == "json":
        json.dump([p.as_dict() for p in problems], sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for problem in problems:
            print(problem.github() if args.format == "github" else problem.format())
    errors = sum(1 for p in problems if p.severity == "error")
    bad_files = len({p.file for p in problems if p.severity == "error"})
    if errors:
        print(f"{errors} error(s) in {bad_files} of {len(files)} file(s)", file=sys.stderr)
        return EXIT_INVALID
    print(f"{len(files)} file(s) valid", file=sys.stderr)
    return EXIT_VALID


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _new(args: argparse.Namespace) -> int:
    vocab = load_vocabulary()
    root = Path(args.root)
    asked = {}
    for name, label, required in (("id", "Id (huruf kecil dan tanda -, mis. desa-x-perdes-pmi)",
                                   True),
                                  ("desa", "Nama desa", True), ("kecamatan", "Kecamatan", False),
                                  ("kabupaten", "Kabupaten/kota", True),
                                  ("provinsi", "Provinsi", True)):
        value = getattr(args, name)
        if value is None and sys.stdin.isatty() and not args.no_input:
            value = input(f"{label}{'' if required else ' (boleh kosong)'}: ").strip() or None
        if value is None and required:
            print(f"lumbung new: --{name} is required (or run it on a terminal to be asked)",
                  file=sys.stderr)
            return EXIT_USAGE
        asked[name] = value
    if asked["provinsi"] not in vocab.values("provinces"):
        near = nearest(asked["provinsi"], vocab.values("provinces"))
        hint = f"; did you mean '{near}'?" if near else ""
        print(f"lumbung new: '{asked['provinsi']}' is not one of the 38 provinces{hint}",
              file=sys.stderr)
        return EXIT_USAGE
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", asked["id"]) or len(asked["id"]) > 80:
        print(f"lumbung new: id '{asked['id']}' must be lowercase letters, digits and single "
              f"hyphens, e.g. '{slugify(asked['id'])[:80]}'", file=sys.stderr)
        return EXIT_USAGE
    existing = [p for p in yaml_files([root / CASES_DIR]) if p.stem == asked["id"]] \
        if (root / CASES_DIR).is_dir() else []
    if existing:
        print(f"lumbung new: id '{asked['id']}' is already used by {existing[0]}", file=sys.stderr)
        return EXIT_USAGE
    target = root / CASES_DIR / vocab.province(asked["provinsi"]).slug / f"{asked['id']}.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(case_template(asked["id"], asked["desa"], asked["kabupaten"],
                                    asked["provinsi"], asked["kecamatan"], today_in_indonesia(),
                                    vocab), encoding="utf-8")
    print(target)
    print("Isi nilai yang ditandai \"ISI:\", lalu periksa dengan: lumbung validate "
          f"{target}", file=sys.stderr)
    return EXIT_VALID


def _from_issue(args: argparse.Namespace) -> int:
    body_path, root = Path(args.body), Path(args.root)
    if not body_path.is_file():
        print(f"lumbung from-issue: no such file: {body_path}", file=sys.stderr)
        return EXIT_USAGE
    form = load_form(Path(args.form) if args.form else FORM_PATH)
    try:
        body = read_body(body_path.read_bytes())
    except ValueError as error:
        print(f"{printable(str(body_path))}:{error}", file=sys.stderr)
        return EXIT_INVALID
    except OSError as error:
        print(f"lumbung from-issue: cannot read {printable(str(body_path))}: {error.strerror}",
              file=sys.stderr)
        return EXIT_USAGE
    notes: list[str] = []
    case, missing = case_from_issue(body, form, today_in_indonesia(), notes)
    for note in notes:
        print(f"Catatan: {note}", file=sys.stderr)
    try:
        target = root / case_path(case)
    except ValueError as error:
        missing.append(str(error))
        for item in missing:
            print(f"- {item}", file=sys.stderr)
        return EXIT_INVALID
    if target.exists():
        print(f"lumbung from-issue: {target} already exists", file=sys.stderr)
        return EXIT_USAGE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(dump_case(case), encoding="utf-8")
    print(target)
    _, problems = check([target], root)
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    if missing:
        print("Masih perlu dilengkapi sebelum pull request:", file=sys.stderr)
        for item in missing:
            print(f"- {item}", file=sys.stderr)
    errors = [p for p in problems if p.severity == "error"]
    return EXIT_INVALID if missing or errors else EXIT_VALID


def _schema(args: argparse.Namespace) -> int:
    if args.write:
        for kind, path in (("case", SCHEMA_FILE), ("model", MODEL_SCHEMA_FILE)):
            path.write_text(schema_json(kind), encoding="utf-8")
            print(f"wrote {path}", file=sys.stderr)
    else:
        sys.stdout.write(schema_json(args.kind))
    return EXIT_VALID


def _document(args: argparse.Namespace) -> int:
    """Write a model's documents for given values, with the code the site uses."""
    from lumbung.catalog import check as check_files
    from lumbung.catalog import load_catalog
    from lumbung.legal import REGIONS, Words, nomenclatures
    from lumbung.regulation import PLAIN, Choice, declared_placeholders, options_of
    from lumbung.render.documents import FORMATS, PAPER, Options

    root = Path(args.root)
    _, problems = check_files([root / REGULATIONS_DIR], root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        for problem in errors:
            print(problem.format(), file=sys.stderr)
        return EXIT_INVALID
    catalog = load_catalog(root)
    if args.model not in catalog.models_by_id:
        near = nearest(args.model, sorted(catalog.models_by_id))
        print(f"lumbung document: no model '{args.model}'"
              + (f"; did you mean '{near}'?" if near else ""), file=sys.stderr)
        return EXIT_USAGE
    model = catalog.models_by_id[args.model].data
    usage = []
    if args.nomenclature not in nomenclatures():
        usage.append(f"--nomenclature must be one of {', '.join(nomenclatures())}")
    if args.region is not None and args.region not in REGIONS:
        usage.append("--region must be kabupaten or kota")
    if args.paper not in PAPER:
        usage.append(f"--paper must be one of {', '.join(PAPER)}")
    known = options_of(model)
    unknown = [key for key in args.option if key not in known]
    if unknown:
        usage.append(f"unknown option(s) {', '.join(unknown)}; this model has: "
                     f"{', '.join(known) or 'none'}")
    if args.plain and args.option:
        usage.append("--plain shows every optional rule; leave out --option")
    declared = declared_placeholders(model)
    values = {}
    for pair in args.set:
        key, sep, value = pair.partition("=")
        if not sep:
            usage.append(f"--set takes KEY=VALUE, not '{pair}'")
        elif key not in declared:
            near = nearest(key, sorted(declared))
            usage.append(f"--set: '{key}' is not a blank of this model"
                         + (f"; did you mean '{near}'?" if near else ""))
        values[key] = value
    if usage:
        for line in usage:
            print(f"lumbung document: {line}", file=sys.stderr)
        return EXIT_USAGE
    choice = PLAIN if args.plain else Choice(frozenset(args.option))
    options = Options(paper=args.paper, choice=choice, values=values,
                      words=Words(args.nomenclature, args.region))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for fmt in args.format or list(FORMATS):
        target = out / f"{args.model}.{fmt}"
        target.write_bytes(FORMATS[fmt](model, options))
        print(target)
    return EXIT_VALID


def _export(args: argparse.Namespace) -> int:
    """Write the generated site into a folder any MkDocs-compatible engine can build."""
    from lumbung.export import export_site
    from lumbung.geo import GeodataMissing
    from lumbung.problems import InvalidData

    root, target = Path(args.root), Path(args.folder)
    if not (root / "mkdocs.yml").is_file():
        print(f"lumbung export: no mkdocs.yml in {printable(str(root))}", file=sys.stderr)
        return EXIT_USAGE
    sources = [root.resolve() / part for part in ("docs", "overrides", "case_studies",
                                                   "regulations")]
    out = target.resolve()
    if out == root.resolve() or any(out == src or src in out.parents for src in sources):
        print("lumbung export: write into a folder of its own, not into the project's "
              "sources", file=sys.stderr)
        return EXIT_USAGE
    try:
        config = export_site(root, target, offline=args.offline)
    except InvalidData as error:
        print(error, file=sys.stderr)
        return EXIT_INVALID
    except GeodataMissing as error:
        print(f"lumbung export: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(config)
    site = target / "site"
    print(f"Build it, e.g.: zensical build -f {config}  (or properdocs/mkdocs build -f "
          f"{config}); then: lumbung index {site} --export {target}"
          + ("" if args.offline else f"; lumbung offline {site} --engine zensical --root {root}"),
          file=sys.stderr)
    return EXIT_VALID


def _index(args: argparse.Namespace) -> int:
    """Pagefind's index of an exported folder's pages, into a built site."""
    from lumbung import routes
    from lumbung.export import MANIFEST_FILE, index_site
    from lumbung.search import SearchIndexError

    site, export = Path(args.site), Path(args.export)
    if not (export / MANIFEST_FILE).is_file():
        print(f"lumbung index: {printable(str(export))} holds no {MANIFEST_FILE}: "
              "pass the folder `lumbung export` wrote", file=sys.stderr)
        return EXIT_USAGE
    if not site.is_dir():
        print(f"lumbung index: no such folder: {printable(str(site))}", file=sys.stderr)
        return EXIT_USAGE
    try:
        index_site(site, export)
    except (SearchIndexError, ValueError) as error:
        print(f"lumbung index: {error}", file=sys.stderr)
        return EXIT_INVALID
    print(site / routes.PAGEFIND)
    return EXIT_VALID


def _offline(args: argparse.Namespace) -> int:
    """Build the offline copy with an engine and zip it into a built site."""
    from lumbung import routes
    from lumbung.offline import OfflineBuildError, build_offline_zip

    root, site = Path(args.root), Path(args.site)
    if not (root / "mkdocs.yml").is_file():
        print(f"lumbung offline: no mkdocs.yml in {printable(str(root))}", file=sys.stderr)
        return EXIT_USAGE
    target = site / routes.OFFLINE_ZIP
    try:
        size = build_offline_zip(root / "mkdocs.yml", target, engine=args.engine)
    except OfflineBuildError as error:
        print(f"lumbung offline: {error}", file=sys.stderr)
        return EXIT_INVALID
    print(target)
    print(f"{size / 1e6:.1f} MB", file=sys.stderr)
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
    validate.add_argument("--format", choices=("text", "github", "json"), default="text",
                          help="text (PATH:LINE:COL), github (workflow commands that annotate "
                               "a pull request) or json")
    validate.set_defaults(run=_validate)

    new = commands.add_parser(
        "new", help="write an annotated case-study file to fill in",
        description="Write case_studies/<provinsi>/<id>.yml from a template in Bahasa "
                    "Indonesia. Missing flags are asked for on a terminal.")
    for name in ("id", "desa", "kecamatan", "kabupaten", "provinsi"):
        new.add_argument(f"--{name}")
    new.add_argument("--root", default=".", help="knowledge-base root (default: .)")
    new.add_argument("--no-input", action="store_true", help="never ask; fail on missing flags")
    new.set_defaults(run=_new)

    intake = commands.add_parser(
        "from-issue", help="turn the body of a 'Studi kasus' issue into a case file",
        description="Write case_studies/<provinsi>/<id>.yml (status draft) from the Markdown "
                    "GitHub renders for the issue form, and print what is still missing.")
    intake.add_argument("body", metavar="BODY.md")
    intake.add_argument("--form", help="the issue form (default: .github/ISSUE_TEMPLATE/"
                                       "studi-kasus.yml)")
    intake.add_argument("--root", default=".", help="knowledge-base root (default: .)")
    intake.set_defaults(run=_from_issue)

    document = commands.add_parser(
        "document", help="write a model regulation's documents for given values",
        description="Write DOCX, ODT and PDF of a model regulation filled with a village's "
                    "values, kind of village, paper and options: the code the site uses.")
    document.add_argument("model", metavar="MODEL_ID")
    document.add_argument("--out", default=".", help="folder to write into (default: .)")
    document.add_argument("--format", action="append", choices=("docx", "odt", "pdf"),
                          help="one format (repeatable; default: all three)")
    document.add_argument("--paper", default="A4", help="A4 (default) or F4")
    document.add_argument("--nomenclature", default="desa",
                          help="kind of village: desa (default), kalurahan, nagari, ...")
    document.add_argument("--region", choices=("kabupaten", "kota"),
                          help="the village lies in a kabupaten or a kota")
    document.add_argument("--option", action="append", default=[], metavar="KEY",
                          help="switch an optional rule on (repeatable)")
    document.add_argument("--plain", action="store_true",
                          help="every optional rule shown and marked, as the plain downloads")
    document.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                          help="a blank's value, e.g. --set nama_desa=Sukamaju (repeatable)")
    document.add_argument("--root", default=".", help="knowledge-base root (default: .)")
    document.set_defaults(run=_document)

    export = commands.add_parser(
        "export", help="write the generated site into a folder any engine can build",
        description="Write FOLDER/mkdocs.yml and FOLDER/docs/: the hand-written pages and "
                    "every generated page and file (what hooks/pages.py adds to an MkDocs "
                    "build in memory), so an engine that runs no hooks, such as Zensical, "
                    "builds the site: `zensical build -f FOLDER/mkdocs.yml`. Then run "
                    "`lumbung index` and `lumbung offline` on the built site.")
    export.add_argument("folder", metavar="FOLDER")
    export.add_argument("--offline", action="store_true",
                        help="the offline copy's pages (links to .../index.html files)")
    export.add_argument("--root", default=".", help="project root (default: .)")
    export.set_defaults(run=_export)

    index = commands.add_parser(
        "index", help="index an exported site's pages with Pagefind, after its build",
        description="Write Pagefind's index of the case and model pages of FOLDER (written "
                    "by `lumbung export`) into SITE/pagefind/, as an MkDocs build with the "
                    "hooks does.")
    index.add_argument("site", metavar="SITE", help="the built site")
    index.add_argument("--export", required=True, metavar="FOLDER",
                       help="the folder `lumbung export` wrote")
    index.set_defaults(run=_index)

    offline = commands.add_parser(
        "offline", help="build the offline copy into a built site's downloads",
        description="Build the site for the file system with ENGINE and zip it to "
                    "SITE/unduh/lumbung-praktik-luring.zip (MkDocs and ProperDocs build the "
                    "project with its hooks; Zensical builds an export made for the copy).")
    offline.add_argument("site", metavar="SITE", help="the built site")
    offline.add_argument("--engine", choices=("mkdocs", "properdocs", "zensical"),
                         default="mkdocs", help="the engine that builds it (default: mkdocs)")
    offline.add_argument("--root", default=".", help="project root (default: .)")
    offline.set_defaults(run=_offline)

    schema = commands.add_parser("schema", help="print a JSON Schema (case study or model)")
    schema.add_argument("kind", nargs="?", choices=("case", "model"), default="case")
    schema.add_argument("--write", action="store_true",
                        help="write both schemas into lumbung/schema/ for editors")
    schema.set_defaults(run=_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # exits 2 on a usage error
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except Exception:  # noqa: BLE001 - whatever it is, it is ours, not the data's
        # Exit 2, not 1: CI must tell a crash from invalid data.
        print(f"lumbung {args.command}: internal error, a bug in lumbung (not in your data); "
              "please report it with the traceback below", file=sys.stderr)
        traceback.print_exc()
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
