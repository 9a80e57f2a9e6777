"""Control characters in user text (ESC sequences, bidi overrides, line breaks …): shown visibly when
text reaches a terminal or a Markdown report, refused when typed into a field. The one table of both."""

from __future__ import annotations

import re

from fivefold.errors import UsageError

# What is never shown raw: C0 controls (ESC, line feed, tab, CR …), DEL, C1 controls, the bidi marks,
# embeddings, overrides and isolates (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069), the Unicode line
# and paragraph separators (U+2028/9), and lone surrogates (an argument in the wrong encoding).
_BEYOND_C0 = r"\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff"
_SHOWN = re.compile(rf"[\x00-\x1f{_BEYOND_C0}]")
_IN_TEXT = re.compile(rf"[\x00-\x09\x0b-\x1f{_BEYOND_C0}]")  # multi-line text: the line feed allowed

# How each is shown, every replacement one terminal cell wide except the <U+XXXX> spelling:
#   line feed -> ⏎ (U+23CE)         ESC -> ␛ (U+241B)        DEL -> ␡ (U+2421)
#   every other C0 control -> its control picture U+2400 + code (tab ␉, CR ␍, NUL ␀ …)
#   C1 controls, bidi marks and overrides, U+2028/9, lone surrogates -> <U+202E> (the code point)
_PICTURES = {"\n": "⏎", "\x7f": "␡"}


def _shown(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _PICTURES:
        return _PICTURES[ch]
    code = ord(ch)
    return chr(0x2400 + code) if code < 0x20 else f"<U+{code:04X}>"


def visible(text: str) -> str:
    """The text with every control character made visible (see the table above); most text is
    printable and is returned as it is after one C-speed check."""
    if text.isprintable():
        return text
    return _SHOWN.sub(_shown, text)


def is_plain(text: str) -> bool:
    """No character that `visible` would change (a whole table's text checked at once)."""
    return text.isprintable() or _SHOWN.search(text) is None


def first_control(text: str, *, multiline: bool = False) -> str | None:
    """The first control character of a field's text as U+XXXX, or None; `multiline` text (a note,
    a reason) may hold line feeds, nothing else of the table."""
    if text.isprintable():
        return None
    found = (_IN_TEXT if multiline else _SHOWN).search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def control_error(field: str, char: str, *, multiline: bool = False) -> UsageError:
    """The usage error naming the field (the suffix of its f.<field> label: title, owner, note …) and the character."""
    return UsageError("control_char_text" if multiline else "control_char", field=field, char=char)


def refuse_controls(field: str, text: str | None, *, multiline: bool = False) -> None:
    if text is not None and (char := first_control(text, multiline=multiline)):
        raise control_error(field, char, multiline=multiline)
