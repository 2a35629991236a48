"""Meeting headers in the shapes of LAYOUTS.md (our wording). Each returns the header's lines."""
from __future__ import annotations

import random
from collections.abc import Callable

from .noise import fmt_date
from .source import SourceMeeting

MUNICIPALITY = "Greve Kommune"


def _time(m: SourceMeeting, sep: str = ".") -> str:
    return (m.start_time or "16:00").replace(":", sep)


def _names(m: SourceMeeting) -> str:
    return ", ".join(m.attendees) or "Alle medlemmer"


def _absent(m: SourceMeeting) -> str:
    return ", ".join(m.absent) or "Ingen"


def labelled(m: SourceMeeting, rng: random.Random) -> list[str]:
    return ["Referat", "", f"Udvalg: {m.body}", f"Dato: {fmt_date(m.date, 'dmy')}",
            f"Tidspunkt: kl. {_time(m)}", f"Sted: {m.location or 'Rådhuset'}", "",
            f"Deltagere: {_names(m)}", f"Fraværende: {_absent(m)}"]


def referat_til(m: SourceMeeting, rng: random.Random) -> list[str]:
    lines = [f"Referat til mødet i {m.body} den {fmt_date(m.date, 'long')} kl. {_time(m)}",
             f"Mødested: {m.location or 'Rådhuset'}", ""]
    lines.append(f"Der var afbud fra {_absent(m)}." if m.absent else "Alle medlemmer var mødt.")
    return lines


def body_referat(m: SourceMeeting, rng: random.Random) -> list[str]:
    return [f"{m.body} - Referat", "", f"Dato: {fmt_date(m.date, 'dot')}",
            f"Lokale: {m.location or 'Mødelokale 1'}", f"Tidspunkt: {_time(m, ':')}"]


def body_date(m: SourceMeeting, rng: random.Random) -> list[str]:
    return [f"{m.body} {fmt_date(m.date, 'dmy')}"]


def pipe_table(m: SourceMeeting, rng: random.Random) -> list[str]:
    return ["| | |", "|---|---|", f"| Dato: | {fmt_date(m.date, 'dmy')} kl. {_time(m, ':')} |",
            f"| Udvalg: | {m.body} |", f"| Sted: | {m.location or 'Rådhuset'} |",
            f"| Deltagere: | {_names(m)} |", "| PDF: | Hent referat som PDF |"]


def caps_blocks(m: SourceMeeting, rng: random.Random) -> list[str]:
    # body as the portal prints it, election period included
    return ["UDVALG", m.body_printed, "", "MØDE", fmt_date(m.date, "dmy"), "", "STED",
            m.location or "Rådhuset", "", "STARTTIDSPUNKT", _time(m, ":")]


def protokol(m: SourceMeeting, rng: random.Random) -> list[str]:
    return ["BESLUTNINGSPROTOKOL", m.body, "", f"Sted: {m.location or 'Rådhuset'}",
            f"Dato: {fmt_date(m.date, 'weekday')}", f"Start kl.: {_time(m)}",
            f"Medlemmer: {_names(m)}", f"Fraværende: {_absent(m)}"]


def acadre(m: SourceMeeting, rng: random.Random) -> list[str]:
    return ["REFERAT", m.body, "", f"Mødedato: {fmt_date(m.date, 'dot')}",
            f"Starttidspunkt: {_time(m, ':')}", f"Mødelokale: {m.location or 'Byrådssalen'}",
            f"Afbud: {_absent(m)}", "Bemærkninger:"]


def moedefakta(m: SourceMeeting, rng: random.Random) -> list[str]:
    lines = [f"{m.body}", "Referat", "", "Mødefakta", f"Dato: {fmt_date(m.date, 'long')}",
             f"Kl.: {_time(m)}", f"Sted: {m.location or 'Rådhuset'}", "", "Medlemmer"]
    lines += [f"• {n}" for n in m.attendees] or ["• Alle medlemmer"]
    lines += ["", "Fraværende med afbud", _absent(m)]
    return lines


def caps_municipality(m: SourceMeeting, rng: random.Random) -> list[str]:
    return [MUNICIPALITY.upper(), f"Åbent referat til {m.body}",
            f"{fmt_date(m.date, 'weekday')} kl. {_time(m)}".capitalize(), "",
            f"Fraværende: {_absent(m)}"]


def member_fields(m: SourceMeeting, rng: random.Random) -> list[str]:
    return [f"Mødested: {m.location or 'Rådhuset'}", f"Udvalg: {m.body}",
            f"Mødedato: {fmt_date(m.date, 'dmy')}", f"Medlemmer: {_names(m)}",
            f"Afbud fra: {_absent(m)}", "Bemærkninger:"]


def ordinaert(m: SourceMeeting, rng: random.Random) -> list[str]:
    return [m.body, "Ordinært møde", "", f"Dato: {fmt_date(m.date, 'weekday')}",
            f"Tid: {_time(m, ':')}", f"Sted: {m.location or 'Rådhuset'}",
            f"Fraværende: {_absent(m)}", "", "Medlemmer:"] + (m.attendees or ["Alle medlemmer"])


def deltagere_bullets(m: SourceMeeting, rng: random.Random) -> list[str]:
    lines = [f"Referat - {m.body}", f"{fmt_date(m.date, 'weekday').capitalize()} kl. {_time(m)}",
             f"{m.location or 'Rådhuset'}", "", "Deltagere"]
    lines += [f"• {n}" for n in m.attendees]
    lines += ["", "Fraværende"] + [f"• {n}" for n in m.absent]
    return lines


# --- headers of the held-out styles ---

def halsnaes_table(m: SourceMeeting, rng: random.Random) -> list[str]:
    return ["Referat", m.body, "", f"Dato: | {fmt_date(m.date, 'long')} |", f"Tid: | kl. {_time(m)} |",
            f"Sted: | {m.location or 'Rådhuset'} |", "Fraværende: | Ikke registreret |"]


def odense(m: SourceMeeting, rng: random.Random) -> list[str]:
    lines = [f"Referat af {m.body}s møde", f"{fmt_date(m.date, 'weekday').capitalize()} kl. {_time(m)}",
             f"Mødested: {m.location or 'Rådhuset'}", ""]
    lines.append(f"Afbud fra {_absent(m)}." if m.absent else "Ingen afbud.")
    return lines


def pipe_vertical(m: SourceMeeting, rng: random.Random) -> list[str]:
    return ["| Møde | |", "|---|---|", f"| Udvalg | {m.body} |", f"| Mødedato | {fmt_date(m.date, 'dot')} |",
            f"| Mødetid | {_time(m, ':')} |", f"| Mødested | {m.location or 'Rådhuset'} |",
            f"| Fraværende | {_absent(m)} |"]


def rebild(m: SourceMeeting, rng: random.Random) -> list[str]:
    return [MUNICIPALITY.upper(), "REFERAT", m.body, "", f"Mødedato:     {fmt_date(m.date, 'dmy')}",
            f"Mødetidspunkt: {_time(m, ':')}", f"Sted:         {m.location or 'Mødelokale 2'}",
            f"Fraværende:   {_absent(m)}"]


def numbered_members(m: SourceMeeting, rng: random.Random) -> list[str]:
    lines = [f"{m.body}\u00a0\u00a0–\u00a0Referat", f"Mødedato:\t{fmt_date(m.date, 'long')}",
             f"Mødetid:\tkl.\u00a0{_time(m)}", f"Mødested:\t{m.location or 'Rådhuset'}", "", "Medlemmer:"]
    lines += [f"{i}. {n}" for i, n in enumerate(m.attendees or ["Alle medlemmer"], 1)]
    lines += ["", f"Fraværende:\t{_absent(m)}"]
    return lines


def egebjerg(m: SourceMeeting, rng: random.Random) -> list[str]:
    return [MUNICIPALITY, "Referat", m.body, f"Mødedato: {fmt_date(m.date, 'weekday')}", "",
            f"Afbud fra/Fraværende: {_absent(m)}.", "Mødedeltagere:", _names(m)]


def caps_labels(m: SourceMeeting, rng: random.Random) -> list[str]:
    return ["REFERAT", "", f"UDVALG: {m.body.upper()}", f"MØDEDATO: {fmt_date(m.date, 'dmy')}",
            f"MØDESTED: {(m.location or 'Rådhuset').upper()}", f"DELTAGERE: {_names(m)}",
            f"FRAVÆRENDE: {_absent(m)}"]


def _initials(name: str) -> str:
    parts = name.split()
    return ((parts[0][:2] + parts[-1][:2]) if parts else "xx").lower()


def ringsted(m: SourceMeeting, rng: random.Random) -> list[str]:
    import datetime as dt
    made = m.date - dt.timedelta(days=rng.choice((5, 6, 7, 8)))
    lines = ["Referat", m.body, "", f"Møde nr.: {rng.randint(2, 12)}/{m.date.year}",
             f"Dannet den: {fmt_date(made, 'dot')}", f"Mødedato: {fmt_date(m.date, 'dot')}",
             f"Mødetidspunkt: {_time(m, ':')}", "", "Medlemmer:"]
    lines += [f"{n} ({_initials(n)})" for n in m.attendees] or ["Alle medlemmer"]
    if m.absent:
        lines += ["", "Fraværende:"] + [f"{n} ({_initials(n)})" for n in m.absent]
    return lines


HEADERS: dict[str, Callable[[SourceMeeting, random.Random], list[str]]] = {
    "labelled": labelled, "referat_til": referat_til, "body_referat": body_referat,
    "body_date": body_date, "pipe_table": pipe_table, "caps_blocks": caps_blocks,
    "protokol": protokol, "acadre": acadre, "moedefakta": moedefakta,
    "caps_municipality": caps_municipality, "member_fields": member_fields,
    "ordinaert": ordinaert, "deltagere_bullets": deltagere_bullets,
    "halsnaes_table": halsnaes_table, "odense": odense, "pipe_vertical": pipe_vertical, "rebild": rebild,
    "numbered_members": numbered_members, "egebjerg": egebjerg, "caps_labels": caps_labels,
    "ringsted": ringsted,
}
