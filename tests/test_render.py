"""Formatting and sanitising in the core renderer."""

from __future__ import annotations

from lumbung.render.text import long_date, markdown_html, rupiah, year_or_date


def test_rupiah_uses_dots_between_thousands():
    assert rupiah(50000000) == "Rp 50.000.000"
    assert rupiah(0) == "Rp 0"
    assert rupiah(1250) == "Rp 1.250"


def test_dates_are_written_the_indonesian_way():
    assert long_date("2021-11-18") == "18 November 2021"
    assert long_date("2024-08-01") == "1 Agustus 2024"
    assert year_or_date(2021) == "2021"


def test_markdown_keeps_formatting_and_escapes_raw_html():
    html = str(markdown_html("**tebal** <b>bukan tag</b>\n\n- satu\n- dua"))
    assert "<strong>tebal</strong>" in html
    assert "&lt;b&gt;bukan tag&lt;/b&gt;" in html
    assert "<li>satu</li>" in html


def test_markdown_drops_script_links_but_keeps_web_links():
    html = str(markdown_html("[a](javascript:alert(1)) [b](vbscript:x) [c](https://example.org)"))
    assert "href=\"javascript" not in html and "href=\"vbscript" not in html
    assert '<a href="https://example.org">c</a>' in html


def test_template_syntax_is_plain_text():
    assert str(markdown_html("{{ 7*7 }} {% if x %}")) == "<p>{{ 7*7 }} {% if x %}</p>\n"
