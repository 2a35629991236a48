"""Normalise AMOUNT spans ("35 mio. kr.", "kr. 1.234,50", "45 t.kr.") to (Decimal, currency).

A span is read as a sequence of tokens — number, scale word, currency, dash/"til" — and must have
one of the shapes ``[-] N [S] C``, ``C [-] N [S]``, ``S C [-] N`` (N number, S scale word, C currency),
or be a range ``N [S] (-|til) N [S] C`` / ``C N [S] (-|til) N [S]``, whose value is None.
Anything else (no currency, a percent sign, two numbers, stray words) gives None.

Number convention (Danish first):

* ``,`` is the decimal mark and ``.`` or a space groups thousands: ``1.234,50`` → 1234.50,
  ``1 200 000`` → 1200000, ``0,471`` → 0.471;
* a single ``.`` followed by exactly three digits groups thousands (``2.500`` → 2500) unless the
  integer part is ``0`` (``0.500`` → 0.5); any other single ``.`` is a decimal point (``2.5``, ``0.75``);
* when both marks occur the later one is the decimal mark (``1,234.50`` → 1234.50); several ``,``
  alone group thousands (``1,000,000``); ``500,-`` is 500; ``12½`` is 12.5; a stray full stop
  after the number is ignored (``135.000. kr.``, ``kr. 366,00.``).

A leading ``-``, ``–``, ``−`` or ``÷`` makes the value negative. Currency is ``DKK`` for kr./kroner.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = ["parse_amount"]

_MAX_LEN = 120
_MAX_DIGITS = 24

# Scale words (lower case, without the abbreviation dot) → multiplier.
SCALES: dict[str, int] = {
    "t": 10**3, "tusind": 10**3, "tusinde": 10**3,
    "mio": 10**6, "mill": 10**6, "million": 10**6, "millioner": 10**6,
    "mia": 10**9, "mrd": 10**9, "milliard": 10**9, "milliarder": 10**9,
}
# Currency words (lower case, without the abbreviation dot) → ISO 4217 code.
CURRENCIES: dict[str, str] = {
    "kr": "DKK", "kroner": "DKK", "krone": "DKK", "dkk": "DKK", "danske kroner": "DKK",
    "euro": "EUR", "eur": "EUR", "€": "EUR",
    "svenske kroner": "SEK", "sek": "SEK", "norske kroner": "NOK", "nok": "NOK",
    "usd": "USD", "dollar": "USD", "dollars": "USD", "$": "USD", "gbp": "GBP", "£": "GBP",
}
_FRACTIONS: dict[str, Decimal] = {"½": Decimal("0.5"), "¼": Decimal("0.25"), "¾": Decimal("0.75")}


#: NUL, other C0 controls, zero-width characters, soft hyphen and BOM: the cleaner deletes them before
#: spaCy sees the text, but a mention's text is the original's, so they are dropped here too.
_INVISIBLE_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f\u00ad\u200b-\u200d\u2060\ufeff]")


def _alternation(words: list[str]) -> str:
    """Regex alternation, longest first so that ``millioner`` wins over ``mill``."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_WORD_END = r"(?![a-zæøå0-9])"
_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<N>(?:\d{1,3}(?: \d{3})+(?:,\d+)?(?![\d.,])|\d+(?:[.,]\d+)*)[½¼¾]?(?:,-{1,2}|\.(?!\d))?|[½¼¾])"
    r"|(?P<S>(?:t(?=\.?\s?kr" + _WORD_END + r")|(?:" + _alternation(list(SCALES)) + r")" + _WORD_END + r")\.?)"
    r"|(?P<C>(?:(?:" + _alternation([c for c in CURRENCIES if c[0].isalpha()]) + r")" + _WORD_END + r"|[€$£])\.?)"
    r"|(?P<D>[-÷])"
    r"|(?P<T>til)" + _WORD_END + r""
    r")"
)
_SINGLE = re.compile(r"D?NS?C|CD?NS?|SCD?N")
_RANGE = re.compile(r"NS?[DT]NS?C|CNS?[DT]NS?|SCN[DT]N")


def _tokens(text: str) -> list[tuple[str, str]] | None:
    """(kind, text) tokens, kind in N S C D T; None if some character is not part of a token."""
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            return None
        kind = m.lastgroup
        if kind is None:
            return None
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def _grouped(int_part: str, sep: str) -> str | None:
    """Digits of ``int_part`` if it is grouped in threes by ``sep`` (or not grouped), else None."""
    if sep not in int_part:
        return int_part if int_part.isdigit() else None
    if re.fullmatch(r"\d{1,3}(?:" + re.escape(sep) + r"\d{3})+", int_part):
        return int_part.replace(sep, "")
    return None


def parse_number(raw: str) -> Decimal | None:
    """Parse one number in the Danish-first convention described in the module docstring.

    Non-str input gives None, like its siblings :func:`parse_amount` and ``parse_date``."""
    if not isinstance(raw, str):
        return None
    s = _INVISIBLE_RE.sub("", raw).replace(" ", "")
    extra = Decimal(0)
    if s.endswith("."):  # stray full stop: "135.000. kr.", "kr. 366,00."
        s = s[:-1]
    if s.endswith(",--"):
        s = s[:-3]
    elif s.endswith(",-"):
        s = s[:-2]
    if s and s[-1] in _FRACTIONS:
        extra, s = _FRACTIONS[s[-1]], s[:-1]
        if not s:
            return extra
    if not s or len(re.sub(r"\D", "", s)) > _MAX_DIGITS:
        return None
    has_dot, has_comma = "." in s, "," in s
    if has_dot and has_comma:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        grp = "." if dec == "," else ","
        int_part, _, frac = s.rpartition(dec)
        digits = _grouped(int_part, grp)
        if digits is None or not frac.isdigit():
            return None
    elif has_comma:
        if s.count(",") == 1:
            digits, _, frac = s.partition(",")
        else:
            digits, frac = _grouped(s, ",") or "", ""
    elif has_dot:
        if s.count(".") > 1:
            digits, frac = _grouped(s, ".") or "", ""
        else:
            int_part, _, frac = s.partition(".")
            if len(frac) == 3 and len(int_part) <= 3 and int_part != "0":
                digits, frac = int_part + frac, ""
            else:
                digits = int_part
    else:
        digits, frac = s, ""
    if not digits.isdigit() or (frac and not frac.isdigit()):
        return None
    if extra and frac:
        return None
    try:
        return Decimal(f"{digits}.{frac}" if frac else digits) + extra
    except InvalidOperation:
        return None


def _tidy(value: Decimal) -> Decimal:
    """Integral values without exponent or trailing zeros (``Decimal("1200000000")``)."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def _prepare(text: str) -> str:
    """Lower-case and unify spaces and minus signs/dashes."""
    s = _INVISIBLE_RE.sub("", text).lower()
    s = re.sub(r"[\u00a0\u2007\u2009\u202f]", " ", s)
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    return re.sub(r"\s+", " ", s).strip().rstrip(",;:")


def _currency(tok: str) -> str:
    """ISO code of a currency token."""
    return CURRENCIES[tok.rstrip(".")]


def parse_amount(text: str) -> tuple[Decimal | None, str] | None:
    """Parse an AMOUNT span to ``(value, currency)``.

    ``"35 mio. kr."`` → ``(Decimal("35000000"), "DKK")``; a range (``"35-50 mio. kr."``) → ``(None, "DKK")``;
    text that is not a sum of money (no currency, a percentage, words) → None.
    """
    if not isinstance(text, str) or len(text) > _MAX_LEN:
        return None
    s = _prepare(text)
    toks = _tokens(s) if s else None
    if not toks:
        return None
    kinds = "".join(k for k, _ in toks)
    if _RANGE.fullmatch(kinds):
        cur = next(t for k, t in toks if k == "C")
        return None, _currency(cur)
    if not _SINGLE.fullmatch(kinds):
        return None
    cur = next(t for k, t in toks if k == "C")
    number = parse_number(next(t for k, t in toks if k == "N"))
    if number is None:
        return None
    scale = next((t for k, t in toks if k == "S"), None)
    if scale is not None:
        number *= SCALES[scale.rstrip(".").strip()]
    if "D" in kinds:
        number = -number
    return _tidy(number), _currency(cur)
