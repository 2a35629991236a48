"""Noise and formatting helpers: dates, PDF line wrapping with hyphenation, numbered-row tables,
navigation lines. All wording is our own; randomness comes from the caller's seeded ``Random``."""
from __future__ import annotations

import datetime as dt
import random

MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december")
WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")

#: Date formats by name (used by headers and decision headings).
DATE_FORMATS = {
    "dmy": lambda d: f"{d:%d-%m-%Y}",                                  # 24-10-2022
    "dot": lambda d: f"{d:%d.%m.%Y}",                                  # 24.10.2022
    "iso": lambda d: d.isoformat(),                                    # 2022-10-24
    "long": lambda d: f"{d.day}. {MONTHS[d.month - 1]} {d.year}",      # 24. oktober 2022
    "weekday": lambda d: f"{WEEKDAYS[d.weekday()]} den {d.day}. {MONTHS[d.month - 1]} {d.year}",
    "slash": lambda d: f"{d.day}/{d.month} {d.year}",                  # 24/10 2022
}


def fmt_date(d: dt.date, kind: str) -> str:
    return DATE_FORMATS[kind](d)


def wrap(line: str, width: int, rng: random.Random, hyphen: float = 0.0) -> list[str]:
    """Greedy wrap at ``width`` columns; with probability ``hyphen`` a long word that does not fit
    is split with a hyphen at the line end, as PDF text extraction leaves it."""
    if width <= 0 or len(line) <= width:
        return [line]
    out: list[str] = []
    current = ""
    for word in line.split(" "):
        if not current:
            current = word
            continue
        if len(current) + 1 + len(word) <= width:
            current += " " + word
            continue
        room = width - len(current) - 2  # space + hyphen
        if (hyphen and word.isalpha() and len(word) >= 9 and room >= 3
                and rng.random() < hyphen):
            cut = min(room, len(word) - 4)
            out.append(f"{current} {word[:cut]}-")
            current = word[cut:]
        else:
            out.append(current)
            current = word
    out.append(current)
    return out


_ROWS = ("Drift", "Anlæg", "Personale", "Indtægter", "Tilskud", "Administration")


def number_table(rng: random.Random, year: int) -> list[str]:
    """A small budget table whose rows are numbered ("1. Drift   1.250 …"): rows look like item
    headings to a careless segmenter."""
    years = [year + i for i in range(3)]
    rows = rng.sample(_ROWS, rng.randint(2, 4))
    lines = [f"Tabel {rng.randint(1, 4)}. Økonomisk oversigt (1.000 kr.)",
             " " * 22 + "".join(f"{y:>10}" for y in years)]
    for i, row in enumerate(rows, 1):
        cells = "".join(f"{rng.randrange(0, 4000) * 5:>10,}".replace(",", ".") for _ in years)
        lines.append(f"{i}. {row:<19}{cells}")
    lines.append(f"{len(rows) + 1}. I alt" + " " * 15 + "".join(f"{'-':>10}" for _ in years))
    return lines


#: Navigation and cookie lines of web viewers (our wording).
COOKIE = ("Vi bruger cookies for at forbedre siden. Læs mere om cookies",
          "Accepter alle   Kun nødvendige")
NAV_TOP = ("Gå til indhold", "Forside / Politik / Dagsordener og referater", "Udskriv", "Fold alle punkter ud")
NAV_ITEM_END = ("Til toppen",)
NAV_AFTER_HEADING = ("Kopier link til punktet - Print",)
FOOTER_SITE = ("Kontakt kommunen", "Tilgængelighedserklæring", "Privatlivspolitik")
