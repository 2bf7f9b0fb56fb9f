"""The format's field reference, generated from the JSON Schema (never written twice)."""

from __future__ import annotations

import html
from typing import Any

TYPE_WORDS = {"string": "teks", "integer": "bilangan bulat", "number": "angka",
              "array": "daftar", "object": "peta kunci", "null": "null", "boolean": "ya/tidak"}


def _resolve(node: dict, defs: dict) -> dict:
    while "$ref" in node:
        extra = {k: v for k, v in node.items() if k != "$ref"}
        node = {**defs[node["$ref"].removeprefix("#/$defs/")], **extra}
    return node


def _kind(node: dict, defs: dict) -> str:
    node = _resolve(node, defs)
    if "anyOf" in node:
        kinds = [_kind(option, defs) for option in node["anyOf"]]
        if kinds == ["teks", "peta kunci"]:
            # In a code span: attr_list would read a bare {...} at a cell's end as attributes.
            return "teks, atau `{id: ..., en: ...}`"
        return " atau ".join(dict.fromkeys(kinds))
    if "enum" in node:
        return "pilihan"
    if "const" in node:
        return f"selalu {node['const']}"
    if node.get("format") == "date":
        return 'tanggal "YYYY-MM-DD"'
    if node.get("type") == "array":
        return f"daftar {_kind(node.get('items', {}), defs)}"
    return TYPE_WORDS.get(node.get("type", ""), "teks")


def _rows(node: dict, defs: dict, prefix: str, required: bool, out: list) -> None:
    node = _resolve(node, defs)
    if prefix:
        allowed = node.get("enum") or next(
            (o.get("enum") for o in map(lambda x: _resolve(x, defs), node.get("anyOf", []))
             if o.get("enum")), None) or _resolve(node.get("items", {}), defs).get("enum")
        out.append((prefix, "wajib" if required else "opsional", _kind(node, defs),
                    node.get("description", ""), allowed or []))
    target = node
    if node.get("type") == "array":
        target = _resolve(node.get("items", {}), defs)
        prefix = f"{prefix}[]"
    for key, child in target.get("properties", {}).items():
        _rows(child, defs, f"{prefix}.{key}" if prefix else key,
              key in target.get("required", []), out)


def field_rows(schema: dict) -> list[tuple[str, str, str, str, list]]:
    """(key path, wajib/opsional, kind, description, allowed values) for every key."""
    rows: list = []
    _rows(schema, schema.get("$defs", {}), "", True, rows)
    return rows


def field_reference_markdown(schema: dict) -> str:
    lines = ["| kunci | wajib? | jenis | keterangan |", "|---|---|---|---|"]
    for path, required, kind, description, allowed in field_rows(schema):
        text = description
        if allowed:
            shown = ", ".join(f"`{value}`" for value in allowed)
            text = f"{text} Nilai: {shown}." if text else f"Nilai: {shown}."
        lines.append(f"| `{path}` | {required} | {kind} | {_cell(text)} |")
    return "\n".join(lines) + "\n"


def _cell(text: Any) -> str:
    return html.escape(str(text), quote=False).replace("|", "\\|").replace("\n", " ")
