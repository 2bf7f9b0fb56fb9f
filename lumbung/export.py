"""The generated site as files, for any engine that reads ``mkdocs.yml``.

``hooks/pages.py`` adds the generated pages and files to an MkDocs (or ProperDocs) build
in memory. An engine that runs no MkDocs hooks (Zensical) builds a folder written by
:func:`export_site` instead: a ``docs/`` folder holding the hand-written pages and
everything generated (each generated page as Markdown whose body is the core's HTML and
whose front matter holds the page's options), and a ``mkdocs.yml`` without the hooks.
What the hooks do after the pages, the search index and the offline copy, are steps run
after any engine's build: :func:`index_site` here, and ``lumbung.offline``.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import yaml
from yaml_env_tag import construct_env_tag

from lumbung import routes
from lumbung.catalog import CASES_DIR, REGULATIONS_DIR, load_catalog
from lumbung.geo import world_atlas_path
from lumbung.render.form import form_data_js
from lumbung.render.parallel import render_pages
from lumbung.render.site import (
    GeneratedPage,
    generated_files,
    generated_pages,
    offline_search_index,
)
from lumbung.search import BackgroundIndex, preload_index_meta, search_tag

CONFIG_FILE = "mkdocs.yml"
# Beside the exported config, not in docs/: what the steps after the build need.
MANIFEST_FILE = "lumbung-export.json"
# The hand-written pages' macros: the project's module, and one that hands it what an
# MkDocs build with the hooks gives it, under mkdocs-macros or another engine's macros.
MACROS_DIR, MACROS_MODULE, PROJECT_MACROS = "hooks", "export_macros", "macros.py"
MACROS_ADAPTER = '''"""Written by `lumbung export`: the project's macros ({project}) as an MkDocs
build with the project's hooks runs them, under mkdocs-macros or another engine's macros."""

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "lumbung_project_macros", Path(__file__).with_name("{project}"))
_project = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_project)
SEARCH_TAG = {tag}  # the exported pages' tag (hooks/pages.py sets it in on_files)


class _Config(dict):
    """An engine's configuration given as a plain mapping, read by attribute too."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def define_env(env):
    if type(env.conf) is dict:  # not MkDocs' config: give the attributes the module reads
        config_file = Path(env.project_dir) / "mkdocs.yml"
        env.conf = _Config(env.conf, config_file_path=str(config_file))
    # Set now, after the macros have taken their variables from `extra`, as in the hooked
    # build (a variable search_tag would hide the macro of that name).
    env.conf["extra"]["search_tag"] = SEARCH_TAG
    _project.define_env(env)
'''
# mkdocs.yml's front matter block, as MkDocs reads it (mkdocs/utils/meta.py).
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as the engines read it: ``!ENV`` resolved from this environment."""


_ConfigLoader.add_constructor("!ENV", construct_env_tag)


class _ConfigDumper(yaml.SafeDumper):
    """Text of several lines (``not_in_nav``) as a block, as a person writes it."""


_ConfigDumper.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))


def read_config(config_file: Path) -> dict:
    with open(config_file, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_ConfigLoader)  # noqa: S506 - a safe loader


def export_site(root: Path, target: Path, offline: bool = False) -> Path:
    """Write the site of the project at ``root`` into ``target`` for an engine without
    hooks; returns the written config file. ``offline``: the offline copy's pages (links
    to .../index.html files, the copy's own search index, no Pagefind). ``target`` may
    exist; what it holds from an earlier export is replaced."""
    root, target = Path(root), Path(target)
    config = read_config(root / CONFIG_FILE)
    catalog = load_catalog(root)
    directory_urls = not offline and config.get("use_directory_urls", True) is not False
    extra = dict(config.get("extra") or {})
    edit_base = extra.get("edit_base_url")
    site_url = config.get("site_url") or None
    if site_url and not site_url.endswith("/"):
        site_url += "/"  # as MkDocs normalizes it

    docs = target / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(root / config.get("docs_dir", "docs"), docs)
    pages = generated_pages(catalog, edit_base, directory_urls, world_atlas_path(root))
    searchable = [page for page in pages if page.searchable]
    render_pages(searchable)  # on every core, as the build does
    for page in pages:
        _write(docs / page.src_uri, page_markdown(page))
    files = generated_files(catalog, site_url, directory_urls)
    if not directory_urls:
        files.append(offline_search_index(catalog, searchable))
    for item in files:
        _write(docs / item.path, item.content)
    _write(docs / routes.FORM_DATA, form_data_js(catalog, edit_base))

    # The theme's overrides, and the records the hand-written pages' macros read.
    custom_dir = (config.get("theme") or {}).get("custom_dir")
    for part in (custom_dir, CASES_DIR, REGULATIONS_DIR):
        if part and (root / part).is_dir():
            shutil.rmtree(target / part, ignore_errors=True)
            shutil.copytree(root / part, target / part,
                            ignore=shutil.ignore_patterns("__pycache__"))
    tag = search_tag((page.url, page.html) for page in searchable)
    plugins = []
    for plugin in config.get("plugins") or []:
        name, options = next(iter(plugin.items())) if isinstance(plugin, dict) else (plugin, {})
        options = dict(options or {})
        if name == "offline":  # the links are written for the copy already; no CDN shim
            options["enabled"] = False
        if name == "macros" and options.get("module_name"):
            module = Path(options["module_name"] + ".py")
            _write(target / MACROS_DIR / PROJECT_MACROS, (root / module).read_bytes())
            _write(target / MACROS_DIR / f"{MACROS_MODULE}.py",
                   MACROS_ADAPTER.format(project=PROJECT_MACROS, tag=json.dumps(tag)))
            options["module_name"] = f"{MACROS_DIR}/{MACROS_MODULE}"
        plugins.append({name: options})

    if offline:
        extra["offline_zip"] = False
    not_in_nav = [line for line in str(config.get("not_in_nav") or "").splitlines() if line]
    not_in_nav += sorted({_not_in_nav_pattern(page.src_uri) for page in pages
                          if page.src_uri not in routes.NAV_PAGES})
    exported = {key: value for key, value in config.items() if key not in ("hooks", "watch")}
    if "nav" in config:  # a generated page names itself in the nav too, as in the hooked build
        titles = {page.src_uri: page.title for page in pages if page.src_uri in routes.NAV_PAGES}
        exported["nav"] = _nav_titled(config["nav"], titles)
    exported.update({
        "docs_dir": "docs", "site_dir": "site", "site_url": site_url,
        "use_directory_urls": directory_urls, "extra": extra, "plugins": plugins,
        "not_in_nav": "\n".join(not_in_nav) + "\n",
    })
    config_file = target / CONFIG_FILE
    header = ("# Written by `lumbung export`: the generated pages and files are in docs/, so "
              "this config\n# needs no hooks. After a build into SITE: `lumbung index SITE "
              "--export THIS_FOLDER`,\n# and in the project `lumbung offline SITE --engine "
              "ENGINE`.\n")
    _write(config_file, header + yaml.dump(exported, Dumper=_ConfigDumper,
                                            allow_unicode=True, sort_keys=False,
                                            width=1000))
    _write(target / MANIFEST_FILE, json.dumps({
        "directory_urls": directory_urls,
        "searchable": [page.src_uri for page in searchable],
    }, indent=1) + "\n")
    for page in searchable:
        page.release()
    return config_file


def page_markdown(page: GeneratedPage) -> str:
    """A generated page as Markdown: its options as front matter, its HTML as the body
    (raw HTML passes through Markdown unchanged). The title is plain text: the theme
    escapes it (overrides/main.html), and the body holds the page's own heading."""
    meta = {"title": page.title, **({"description": page.description}
                                    if page.description else {}), **page.meta}
    # Out of an engine's own search (Material's front matter; Zensical's is always on): the
    # site searches with Pagefind (`lumbung index`), and one field of a page listing
    # thousands of cases is over Zensical's index limit.
    meta["search"] = {"exclude": True}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100_000)
    return f"---\n{front}---\n\n{page.html}\n"


def page_body(markdown: str) -> str:
    """The HTML of a page written by :func:`page_markdown`."""
    found = _FRONT_MATTER.match(markdown)
    body = markdown[found.end():] if found else markdown
    return body.removeprefix("\n").removesuffix("\n")


def index_site(site: Path, export: Path) -> str:
    """Pagefind's index of the searchable pages of an exported folder, written into the
    built ``site`` (its ``pagefind/`` folder), as the hook's build makes it; then the search
    page preloads the index's meta file. Returns Pagefind's report."""
    manifest = json.loads((Path(export) / MANIFEST_FILE).read_text("utf-8"))
    if not manifest["directory_urls"]:
        raise ValueError(f"{export} holds the offline copy, which has no Pagefind index")
    index = BackgroundIndex(Path(site) / routes.PAGEFIND)
    try:
        for src_uri in manifest["searchable"]:
            markdown = (Path(export) / "docs" / src_uri).read_text("utf-8")
            index.add(routes.page_url(src_uri), page_body(markdown))
        index.start()
        report = index.finish()
    finally:
        index.cancel()
    preload_index_meta(Path(site))
    return report


def _nav_titled(nav, titles: dict[str, str]):
    """``nav`` of mkdocs.yml with the titles of the pages in ``titles`` (path -> title)."""
    if isinstance(nav, list):
        return [_nav_titled(item, titles) for item in nav]
    if isinstance(nav, dict):
        return {(titles[value] if isinstance(value, str) and value in titles else key):
                _nav_titled(value, titles) for key, value in nav.items()}
    return nav


def _not_in_nav_pattern(src_uri: str) -> str:
    """A not_in_nav pattern (gitignore style) for a generated page and those beside it:
    ``kasus/x/index.md`` -> ``/kasus/*/`` (every case; ``kasus/index.md`` stays in the nav)."""
    parts = src_uri.split("/")
    return f"/{parts[0]}/*/" if len(parts) > 2 else f"/{src_uri}"


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
