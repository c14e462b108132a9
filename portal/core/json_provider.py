"""JSON answers that are safe even where a browser or a careless client treats them as HTML.

Register and plan text is staff-uploaded and may hold ``<script>`` or ``"><img onerror>``;
``<``, ``>``, ``&`` and ``'`` are written as ``\\u003c`` … inside JSON strings, which every JSON
parser reads back as the same characters (the data is unchanged, only its spelling).
"""

from typing import Any

from flask.json.provider import DefaultJSONProvider

_HTML_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"}


class HtmlSafeJSONProvider(DefaultJSONProvider):
    def dumps(self, obj: Any, **kwargs: Any) -> str:
        text = super().dumps(obj, **kwargs)
        for char, escape in _HTML_SAFE.items():
            text = text.replace(char, escape)
        return text
