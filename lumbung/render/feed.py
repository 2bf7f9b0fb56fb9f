"""Atom feed of case studies and model regulations, newest `updated` first (feedgen)."""

from __future__ import annotations

import datetime as dt
import uuid

from feedgen.feed import FeedGenerator

from lumbung import routes
from lumbung.catalog import Catalog

NAMESPACE = uuid.UUID("6f1c0b2e-6d0a-4c55-9a57-4c756d62756e")  # fixed: ids stay the same


def _when(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso).replace(tzinfo=dt.UTC)


def atom_feed(catalog: Catalog, site_url: str | None) -> bytes:
    """Every case and model, newest first. Entry links are absolute when the site's address
    is known, else relative to the feed."""
    base = site_url or ""
    records = [(case.updated, "kasus", case.id, case.title.id, case.summary.id,
                routes.case(case.id)) for case in catalog.cases]
    records += [(model.updated, "model", model.id, model.title, model.summary,
                 routes.model(model.id)) for model in catalog.models]
    records.sort(key=lambda r: (r[0], r[2]), reverse=True)
    feed = FeedGenerator()
    feed.id(f"urn:uuid:{uuid.uuid5(NAMESPACE, 'feed')}")
    feed.title("Lumbung Praktik: studi kasus dan model peraturan terbaru")
    feed.subtitle("Praktik desa melindungi pekerja migran Indonesia.")
    feed.language("id")
    feed.link(href=f"{base}{routes.FEED}", rel="self")
    feed.link(href=base or "./", rel="alternate")
    feed.author({"name": "Lumbung Praktik"})
    feed.updated(_when(records[0][0]) if records else _when("2026-01-01"))
    for updated, kind, record_id, title, summary, url in reversed(records):
        entry = feed.add_entry()
        entry.id(f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{kind}/{record_id}')}")
        entry.title(title if kind == "kasus" else f"Model peraturan: {title}")
        entry.link(href=f"{base}{url}", rel="alternate")
        entry.updated(_when(updated))
        entry.summary(" ".join(summary.split()))
    return feed.atom_str(pretty=True)
