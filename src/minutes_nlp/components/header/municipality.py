"""The municipality (or "KL" / "Region X") of a meeting.

A KKR body gives "KL"; a regionsråd gives "Region X" (printed in the header, else the region named most
often); otherwise "<Name> Kommune" from a "<Name> Kommune/Byråd/Kommunalbestyrelse" printed in the header,
or a body with a fixed municipality (Borgerrepræsentationen); else the "<Name> Kommune" named most often.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from .rules import HeaderRules, known_regions, load_rules

__all__ = ["find_municipality"]


def _title(name: str) -> str:
    return "-".join(p.capitalize() if p.isupper() else p for p in name.split("-"))


def _municipality_mentions(text: str, rules: HeaderRules, words: Optional[list[str]] = None) -> list[str]:
    alt = "|".join(re.escape(w) for w in (words or rules.words("municipality_words")))
    stop = set(rules.words("municipality_stop"))
    out = []
    for m in re.finditer(
        rf"(?<![\wæøåÆØÅ-])([A-ZÆØÅ][A-Za-zÆØÅæøåé]+(?:-[A-ZÆØÅ][A-Za-zÆØÅæøåé]+)*)\s+(?:{alt})(?![\wæøå])", text
    ):
        if m.group(1) not in stop and _title(m.group(1)) not in stop:
            out.append(f"{_title(m.group(1))} Kommune")
    for m in re.finditer(rf"(?:Kommunalbestyrelsen|KOMMUNALBESTYRELSEN)\s+i\s+([A-ZÆØÅ][\wæøå-]+)", text):
        out.append(f"{_title(m.group(1))} Kommune")
    return out


def _region_mentions(text: str, rules: HeaderRules) -> list[str]:
    alt = "|".join(re.escape(r) for r in rules.words("regions") or known_regions()) or "(?!)"
    return [f"Region {_title(m.group(1))}" for m in re.finditer(rf"\bRegion\s+({alt})\b", text, re.IGNORECASE)]


def find_municipality(text: str, header_start: int, header_end: int, body: Optional[str],
                      rules: Optional[HeaderRules] = None) -> Optional[str]:
    """The municipality (or "KL"/"Region X") of the meeting; see the module docstring for the order."""
    rules = rules or load_rules()
    header = text[header_start:header_end]
    body_l = (body or "").lower()
    if body and rules.pattern("body_kkr", 0).match(body.strip()):
        return "KL"
    if body and rules.pattern("regional_body").search(body_l):
        regions = _region_mentions(header, rules) or _region_mentions(text, rules)
        return Counter(regions).most_common(1)[0][0] if regions else None
    fixed = rules.data.get("body_municipality", {}).get(body_l)
    if fixed:
        return str(fixed)
    mentions = _municipality_mentions(header, rules)
    if mentions:
        return mentions[0]
    regions = _region_mentions(header, rules)
    if regions:
        return regions[0]
    counts = Counter(_municipality_mentions(text, rules, ["Kommune", "Kommunes", "KOMMUNE"]))
    return counts.most_common(1)[0][0] if counts else None


