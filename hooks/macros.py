"""mkdocs-macros module for the hand-written pages (``render_macros: true`` only).

Values come from the core; any text from a record is escaped before it is
returned, and nothing a contributor wrote is ever rendered as a template.
"""

from __future__ import annotations

import functools
from pathlib import Path

from markupsafe import Markup

from lumbung import routes
from lumbung.catalog import load_catalog
from lumbung.render.form import github_addresses
from lumbung.render.html import json_script
from lumbung.render.reference import field_reference_markdown
from lumbung.schema import case_study_schema, model_regulation_schema
from lumbung.search import META_PRELOAD_MARK
from lumbung.selfcheck import ANSWERS, page_data
from lumbung.vocab import load_vocabulary


def define_env(env) -> None:
    root = Path(env.conf.config_file_path).parent

    @functools.cache  # one build's (mkdocs-macros calls define_env for each build)
    def catalog():
        return load_catalog(root)

    links = routes.Links(env.conf.use_directory_urls)  # this build's link style

    def href(target: str) -> str:
        """``target`` (a path of lumbung.routes) as seen from the page being rendered."""
        return links.relative(target, env.page.url)

    @env.macro
    def counts() -> dict:
        cases = catalog().cases
        return {
            "cases": len(cases),
            "villages": len({(c.location.provinsi, c.location.kabupaten, c.location.desa)
                             for c in cases}),
            "provinces": len({c.location.provinsi for c in cases}),
            "instruments": sum(len(c.instruments) for c in cases),
        }

    @env.macro
    def newest_cases(limit: int = 5) -> Markup:
        """The most recently updated cases, as an HTML list."""
        cases = sorted(catalog().cases, key=lambda c: (c.updated, c.id), reverse=True)
        items = Markup("").join(
            Markup('<li><a href="{}">{}</a> <span class="lp-muted">— Desa {}, {}, {}'
                   "</span></li>\n").format(
                href(routes.case(c.id)), c.title.id, c.location.desa, c.location.kabupaten,
                c.location.provinsi)
            for c in cases[:limit]
        )
        return Markup('<ul class="lp-newest">\n{}</ul>').format(items)

    @env.macro
    def script(path: str) -> Markup:
        """A script of the site, addressed from this page in either build."""
        return Markup('<script src="{}" defer></script>').format(href(path))

    @env.macro
    def search_assets() -> Markup:
        """The search page's scripts: online, Pagefind's first files preloaded (named by
        this build's tag) and the page's script; in the offline copy, MiniSearch and the
        copy's own index before it."""
        table = json_script("lp-routes", links.scripts(env.page.url))
        if not env.conf.use_directory_urls:
            return Markup("\n").join([table, *(script(path) for path in (
                routes.MINISEARCH, routes.OFFLINE_INDEX, routes.SEARCH_SCRIPT))])
        tag = env.conf.extra.get("search_tag", "")
        preloads = [Markup('<link rel="modulepreload" href="{}">').format(href(path))
                    for path in (routes.PAGEFIND_SCRIPT, routes.STEMMER)]
        # Stems the query's words as soon as it arrives and preloads their index chunks.
        preloads.append(Markup('<script type="module" async id="lp-preload" src="{}"></script>')
                        .format(href(routes.SEARCH_PRELOAD_SCRIPT)))
        for path in (f"{routes.PAGEFIND_ENTRY}?ts={tag}", routes.PAGEFIND_WASM, routes.LEXICON):
            preloads.append(Markup('<link rel="preload" as="fetch" crossorigin href="{}">')
                            .format(href(path)))
        preloads.append(Markup(META_PRELOAD_MARK))  # filled once Pagefind has run
        return Markup("\n").join([*preloads, table, script(routes.SEARCH_SCRIPT)])

    @env.macro
    def search_tag() -> str:
        return env.conf.extra.get("search_tag", "")

    @env.macro
    def offline_zip_item() -> Markup:
        """The home page's list item for the offline copy (made after the pages, so Markdown
        can't check the link); nothing when this build makes no copy."""
        if not env.conf.extra.get("offline_zip") or not env.conf.use_directory_urls:
            return Markup("")
        return Markup(
            '- **Tanpa sinyal**: <a href="{}" download>unduh salinan luring (zip)</a>, lalu '
            "buka `lumbung-praktik/index.html` di dalamnya dengan peramban. Semua halaman, "
            "unduhan, pencarian dan formulir model peraturan bekerja tanpa internet."
        ).format(href(routes.OFFLINE_ZIP))

    @env.macro
    def github_address(kind: str) -> str:
        """The repository's issue form ("issue") or new-file page ("new_file") on GitHub."""
        return github_addresses(env.conf.extra.get("edit_base_url"))[kind]

    @env.macro
    def field_reference(kind: str = "case") -> str:
        """The format's keys, from the JSON Schema."""
        schema = case_study_schema() if kind == "case" else model_regulation_schema()
        return field_reference_markdown(schema)

    @env.macro
    def duties_list() -> Markup:
        """UU 18/2017 Pasal 42 a-e from the vocabulary file, with links to their browse pages."""
        used = {d for c in catalog().cases for d in c.duties}
        items = Markup("").join(
            Markup("<li><strong>{}.</strong> {}{}</li>\n").format(
                t.value, t.description,
                Markup(' — <a href="{}">studi kasus</a>').format(
                    href(routes.facet("kewajiban", t.value))) if t.value in used else "")
            for t in load_vocabulary().duties
        )
        return Markup('<ol class="lp-duties" type="a">\n{}</ol>').format(items)

    @env.macro
    def site_href(target: str) -> str:
        """A page or file of the site (``perdes/``), addressed from this page in either
        build."""
        return href(target)

    @env.macro
    def stylesheet(path: str) -> Markup:
        """A stylesheet of the site for one page, addressed from this page in either build."""
        return Markup('<link rel="stylesheet" href="{}">').format(href(path))

    @env.macro
    def self_check() -> dict:
        """"Cek desa saya": the criteria, their models and cases (links from this page)."""
        data = page_data(catalog(), lambda case_id: href(routes.case(case_id)),
                         lambda model_id: href(routes.model(model_id)))
        labels = {"ya": "Ya", "sebagian": "Sebagian", "tidak": "Tidak",
                  "tidak-tahu": "Tidak tahu"}
        data["answers"] = [{"value": value, "label": labels[value]} for value in ANSWERS]
        return data

    env.macro(json_script)  # ``data`` as JSON for the page's script (lumbung.render.html)
    env.variables["routes"] = routes  # hand-written pages name paths from the route table
