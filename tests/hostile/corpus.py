"""Known nasty input, by name (the name is what a failing test prints).

`TEXT` is what a person could type or paste into any text box; `SHORT_TEXT` is the part of it
sent to fields that are not free text (choices, ids, hidden fields); `JSON` adds the values only a
JSON body can carry (wrong types, huge numbers, lone surrogates as escapes); `RAW_BODIES` are
request bodies that are not a JSON object at all.

The markup entries carry canaries that `tests.hostile.dom.injected` looks for in a parsed page:
if any of them shows up as an element or an attribute, input reached the page unescaped."""

from __future__ import annotations

import unicodedata

from powertriangle.core.text import is_invisible

CANARY_TAG = "pt-canary"

MARKUP: dict[str, str] = {
    "script": '<script>alert("pt-xss")</script>',
    "img-onerror": '"><img src=x onerror=alert(1)>',
    "attr-single-quote": "' onmouseover='alert(1)",
    "attr-double-quote": '" onfocus="alert(1)" autofocus="',
    "javascript-url": "javascript:alert(1)",
    "htmx-div": '<div hx-get="/x" hx-trigger="load">x</div>',
    "htmx-on": '<b hx-on:click="alert(1)" hx-post="/x">x</b>',
    "htmx-data": '<i data-hx-get="/x" data-hx-trigger="load" data-hx-on:click="alert(1)">x</i>',
    "svg-onload": "<svg onload=alert(1)>",
    "canary-tag": f"<{CANARY_TAG} data-pt-canary=1>x</{CANARY_TAG}>",
    "closing-textarea": f"</textarea><{CANARY_TAG}>x</{CANARY_TAG}>",
    "closing-title": f"</title></svg><{CANARY_TAG}>x</{CANARY_TAG}>",
    "comment-breaker": f"--><{CANARY_TAG}>x</{CANARY_TAG}><!--",
    "cdata": f"<![CDATA[<{CANARY_TAG}>]]>",
    "entity": "&lt;script&gt; &amp;amp; &#x3C;b&#x3E;",
}

TEMPLATE_AND_SQL: dict[str, str] = {
    "django-template": "{{ 7*7 }} {{ request.user.password }}",
    "django-tag": "{% debug %}{% load static %}",
    "js-template": "${7*7} #{7*7}",
    "sql-drop": "'; DROP TABLE projects_project; --",
    "sql-or": "1 OR 1=1",
    "sql-quote": '" OR ""="',
    "sql-like": "%_%\\",
}

FORMULAS: dict[str, str] = {
    "formula-hyperlink": '=HYPERLINK("http://x.example","x")',
    "formula-plus": "+1",
    "formula-minus": "-1+2",
    "formula-at": "@SUM(A1)",
    "formula-tab": "\t=1",
    "formula-cr": "\r=1",
}

CONTROL: dict[str, str] = {
    "nul": "a\x00b",
    "c0-all": "x" + "".join(chr(c) for c in range(1, 0x20)) + "y",
    "bell": "ding\x07",
    "escape": "\x1b[31mred\x1b[0m",
    "vertical-tab-form-feed": "a\x0bb\x0cc",
    "del": "a\x7fb",
    "c1-nel": "a\x85b",
    "c1-csi": "a\x9bb",
    "crlf": "line one\r\nline two\rline three",
    "header-injection": "x\r\nSet-Cookie: pt=1",
}

UNICODE: dict[str, str] = {
    "rtl-override": "abc\u202egpj.exe",
    "bidi-isolates": "\u2066a\u2067b\u2068c\u2069",
    "zero-width": "a\u200bb\u200cc\u200dd\ufeffe\u2060f",
    "combining-storm": "Z" + "\u0336\u0337\u0338" * 60 + "a" + "\u0301" * 120,
    "emoji-zwj": "👩🏽‍⚕️ 👨‍👩‍👧‍👦 🏳️‍🌈 👍🏿 🧑🏻‍🦽",
    "swedish-nfd": unicodedata.normalize("NFD", "Åsa Östberg äter gröt på Ängen"),
    "swedish-nfc": "Åsa Östberg äter gröt på Ängen",
    "astral": "𝕳𝖊𝖑𝖑𝖔 𐍈 🀄",
    "replacement": "\ufffd\ufffe\uffff",
    "private-use": "\ue000\U000f0000",
    "long-word": "Donaudampfschifffahrtsgesellschaftskapitän" * 40,
    "unicode-spaces": "\u00a0\u2003\u3000",
    "line-separators": "a\u2028b\u2029c",
}

SHAPES: dict[str, str] = {
    "empty": "",
    "spaces": "   ",
    "whitespace-only": " \t\n \r\n ",
    "zero": "0",
    "number": "42",
    "negative": "-1",
    "float": "1.5",
    "exponent": "1e309",
    "nan": "NaN",
    "huge-int": "9" * 40,
    "int64-overflow": str(2**63),
    "hex": "0x10",
    "padded-number": " 7 ",
    "true": "true",
    "null": "null",
    "json-list": '["a", 1]',
    "json-object": '{"a": 1}',
    "date-like": "2024-02-30",
    "path": "../../../etc/passwd",
    "url": "https://evil.example/?q=<x>",
}

LONG: dict[str, str] = {
    "100kb": "A" * 100_000,
    "100kb-markup": ('<script>alert("pt-xss")</script>' * 3200)[:100_000],
    "100kb-multibyte": "å" * 50_000,
}

# What any text box gets.
TEXT: dict[str, str] = {
    **MARKUP,
    **TEMPLATE_AND_SQL,
    **FORMULAS,
    **CONTROL,
    **UNICODE,
    **SHAPES,
    **LONG,
}

# What form text boxes get: TEXT without its near-duplicates (more numeric shapes and more
# control characters than a text box needs; the JSON API, where a request is cheap, gets all).
FORM_TEXT: dict[str, str] = {
    name: value
    for name, value in TEXT.items()
    if name
    not in {
        "bell",
        "escape",
        "vertical-tab-form-feed",
        "c1-csi",
        "swedish-nfc",
        "astral",
        "zero",
        "negative",
        "float",
        "exponent",
        "nan",
        "int64-overflow",
        "hex",
        "padded-number",
        "true",
        "null",
        "json-list",
        "path",
    }
}

# What fields that are not free text get (ids, choices, hidden fields, booleans): the shapes
# that break number and choice parsing, and one of each family of the rest.
SHORT_TEXT: dict[str, str] = {
    name: TEXT[name]
    for name in (
        "empty",
        "negative",
        "float",
        "huge-int",
        "int64-overflow",
        "script",
        "sql-drop",
        "nul",
        "rtl-override",
        "100kb",
    )
}

# Only a JSON body can carry these. Lone surrogates are sent as the escapes `"\ud800"`: they
# are valid JSON and decode to a Python str that cannot be encoded as UTF-8.
JSON: dict[str, object] = {
    **TEXT,
    "lone-high-surrogate": "a\ud800b",
    "lone-low-surrogate": "\udfff",
    "reversed-surrogates": "\udc00\ud800",
    "json-null": None,
    "json-true": True,
    "json-false": False,
    "json-zero": 0,
    "json-negative": -1,
    "json-int64-max": 2**63 - 1,
    "json-int64-overflow": 2**63,
    "json-uint64-overflow": 2**64,
    "json-int64-underflow": -(2**63) - 1,
    "json-huge-int": 10**100,
    "json-float": 1.5,
    "json-float-int": 3.0,
    "json-negative-zero": -0.0,
    "json-huge-float": 1e308,
    "json-tiny-float": 5e-324,
    "json-empty-list": [],
    "json-list": ["x"],
    "json-int-list": [1, 2],
    "json-nested-list": [[["x"]]],
    "json-list-of-null": [None],
    "json-huge-list": list(range(10_000)),
    "json-empty-object": {},
    "json-object": {"a": 1},
    "json-object-with-proto": {"__proto__": {"admin": True}},
}

# Whole bodies that are not a JSON object (sent to every operation that takes a body).
RAW_BODIES: dict[str, bytes] = {
    "empty-body": b"",
    "truncated": b'{"title": "x',
    "not-json": b"title=x&description=y",
    "json-null-body": b"null",
    "json-list-body": b"[]",
    "json-string-body": b'"x"',
    "json-number-body": b"1",
    "nan-literal": b'{"title": NaN}',
    "infinity-literal": b'{"version": Infinity}',
    "duplicate-keys": b'{"title": "a", "title": "<script>alert(1)</script>"}',
    "bom": b'\xef\xbb\xbf{"title": "x"}',
    "invalid-utf8": b'{"title": "\xed\xa0\x80\xff"}',
    "utf16": '{"title": "x"}'.encode("utf-16"),
    "deep-nesting": b"[" * 100_000 + b"]" * 100_000,
    "deep-objects": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    "huge-number-literal": b'{"version": 1' + b"0" * 5000 + b"}",
    "overlong-body": b'{"title": "' + b"x" * 3_000_000 + b'"}',
}


def normalised(text: str) -> str:
    """What a service stores for accepted text: CRLF → LF, NFC, with whitespace and characters
    that draw nothing (format characters, blank fillers) trimmed from both ends."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.strip("".join(c for c in set(text) if c.isspace() or is_invisible(c)))
