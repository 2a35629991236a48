"""Votes, protocol remarks and conflicts of interest in a decision text (pure functions).

``parse_decision(text, rules, start, end)`` reads ``text[start:end]`` (one BESLUTNING section) and
returns records whose offsets point into ``text``. Sentences are read one by one: attendance lines
are skipped, inhabilitet gives conflicts unless negated or asked (``vote_context``), remark cues
give remarks (their content is not read for votes: a position restated inside a remark, "SF stemmer
imod …", is not a second position; the position stated before a protocol or minority remark's cue in
the same sentence is read), tallies and motion markers ("Ændringsforslag fra V …", "Ad 1") are read
and masked, then each vote cue takes the voters named before it (or after it, "Imod stemte: Ø"). A
cue left dangling at the end of its line ("Imod stemte:") gives its option to the following lines
that open with voters ("(F) med bemærkning om …"). Consecutive vote sentences on the same motion
form one vote event; "Enstemmigt" is an event with no positions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .vote_context import (
    conflict_persons, leading_voters, only_voters, referenced_items, remark_end, wish_positions,
)
from .vote_rules import VoteRules
from .vote_voters import Voter, find_voters

_ABBREV = re.compile(r"(?:\b(?:pkt|jf|nr|kl|bl\.a|mht|vedr|ca|evt|inkl|ekskl|mio|mia|stk|dvs|f\.eks|pga|iht|tlf|att)"
                     r"|\b[A-ZÆØÅ][a-zæøå]+\s+[A-ZÆØÅ])\.$", re.IGNORECASE)
_SENT_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ(«\"“])")
_MAJORITY = re.compile(r"\b(?:et\s+flertal|flertallet)\b", re.IGNORECASE)
_JOIN_NEXT = re.compile(r"(?:[,:]|\bog|\bsamt|\bmed)\s*$", re.IGNORECASE)


@dataclass
class PositionRec:
    option: str
    voter: str
    voter_type: str
    party: Optional[str]
    start: int
    end: int


@dataclass
class VoteRec:
    motion: Optional[str]
    result: Optional[str]
    counts: list[tuple[str, int]]
    positions: list[PositionRec]
    start: int
    end: int
    unanimous: bool = False


@dataclass
class RemarkRec:
    kind: str
    by: list[str]
    start: int
    end: int


@dataclass
class ConflictRec:
    name: str
    party: Optional[str]
    start: int
    end: int
    items: tuple[str, ...] = ()  # agenda item numbers the sentence names ("inhabil under punkt 5")


@dataclass
class Parsed:
    votes: list[VoteRec] = field(default_factory=list)
    remarks: list[RemarkRec] = field(default_factory=list)
    conflicts: list[ConflictRec] = field(default_factory=list)


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]``: lines (a line ending in ',', ':', 'og' runs on), split
    at '. ' before a capital unless an abbreviation or a name initial ends the sentence."""
    lines: list[list[int]] = []
    pos = start
    for line in text[start:end].split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        if not line.strip():
            lines.append([])  # paragraph break
            continue
        if lines and lines[-1] and _JOIN_NEXT.search(text[lines[-1][0]:lines[-1][1]]):
            lines[-1][1] = e
        else:
            lines.append([s, e])
    out: list[tuple[int, int]] = []
    for ln in lines:
        if not ln:
            continue
        s = ln[0]
        for m in _SENT_END.finditer(text, ln[0], ln[1]):
            if _ABBREV.search(text[max(s, m.start() - 30):m.start()]):
                continue
            out.append(_strip(text, s, m.start()))
            s = m.end()
        out.append(_strip(text, s, ln[1]))
    return [(s, e) for s, e in out if e > s]


def _paragraph_end(text: str, s: int, end: int) -> int:
    """End of the paragraph holding ``s``; a paragraph ending in ':' runs on into the next one."""
    m = re.compile(r"\n\s*\n").search(text, s, end)
    e = m.start() if m else end
    if text[s:e].rstrip().endswith(":") and m:
        m2 = re.compile(r"\n\s*\n").search(text, m.end(), end)
        e = m2.start() if m2 else end
    return _strip(text, s, e)[1]


def _count(printed: str, rules: VoteRules) -> int:
    """A tally's number: digits, or a number word of the rules' ``count_words`` ("ingen" = 0)."""
    return int(printed) if printed.isdigit() else int(rules.data.get("count_words", {})[printed.casefold()])


def _mask(chars: list[str], s: int, e: int, base: int) -> None:
    for i in range(s - base, e - base):
        if chars[i] != "\n":
            chars[i] = " "


def _clean_motion(text: str, s: int, e: int) -> tuple[str, int, int]:
    s, e = _strip(text, s, e)
    while e > s and text[e - 1] in ".:;,)":
        e -= 1
    return text[s:e], s, e


def _remark(text: str, s: int, e: int, end: int, masked: str, rules: VoteRules
            ) -> Optional[tuple[RemarkRec, int, int]]:
    """A protocol or minority remark opening in sentence [s, e): the record, where its text ends and
    where its cue starts (the sentence before the cue may state a position)."""
    for kind, pattern in rules.remarks:
        if kind == "other":
            continue
        m = pattern.search(text, s, e)
        if m is None:
            continue
        r_end = _paragraph_end(text, s, end)
        colon = text.find(":", m.end(), e)
        head_end = colon if colon >= 0 else e
        # a quoted statement after the header runs to its closing quote, over paragraphs too
        r_end = max(r_end, remark_end(text, head_end if colon >= 0 else m.end(), r_end, end, rules))
        by = [v.voter for v in find_voters(masked, s, m.start(), rules)]
        after = re.match(r"\s*(?:fra|af)\s", text[m.end():head_end])
        if after or not by:
            by += [v.voter for v in find_voters(masked, m.end(), head_end, rules)]
        return RemarkRec(kind, by, s, r_end), r_end, m.start()
    return None


def _other_remarks(text: str, s: int, e: int, end: int, rules: VoteRules) -> list[tuple[int, int]]:
    """"Other" remarks ("med bemærkning om …") in sentence [s, e): (cue start, remark end); a quoted
    remark may run past the sentence, up to ``end``."""
    found: list[tuple[int, int]] = []
    for kind, pattern in rules.remarks:
        if kind != "other":
            continue
        for m in pattern.finditer(text, s, e):
            found.append((m.start(), remark_end(text, m.end(), e, end, rules)))
    out: list[tuple[int, int]] = []
    for a, b in sorted(found):
        if not out or a >= out[-1][1]:
            out.append((a, b))
    return out


@dataclass
class _Sentence:
    start: int
    end: int
    motion: Optional[tuple[str, int, int]]
    positions: list[PositionRec]
    counts: list[tuple[str, int]]
    unanimous: bool
    result: Optional[str]
    masked: str = ""
    cues: int = 0
    dangling: Optional[str] = None  # option of a last cue with nothing after it ("Imod stemte:")


def _cue_positions(masked: str, s: int, e: int, totals: list[tuple[int, int]], rules: VoteRules
                   ) -> tuple[list[PositionRec], list[tuple[str, int]], Optional[str]]:
    """Positions and tallies stated by the vote cues of one (masked) sentence, and the option of a
    last cue that names no one and has nothing after it."""
    positions: list[PositionRec] = []
    counts: list[tuple[str, int]] = []
    dangling: Optional[str] = None
    matches = list(rules.cue.finditer(masked, s, e))
    pos = s
    for k, m in enumerate(matches):
        cue = rules.option_of(m)
        nxt = matches[k + 1].start() if k + 1 < len(matches) else e
        voters: list[Voter] = []
        region: tuple[int, int] = (m.end(), m.end())
        if cue.direction in ("post", "both"):
            voters = find_voters(masked, pos, m.start(), rules)
            region = (pos, m.start())
            c = rules.count_before.search(masked[pos:m.start()])
            if c:
                counts.append((cue.option, int(c.group("n"))))
        if voters:
            pos = m.end()
        elif cue.direction in ("pre", "both"):
            voters = find_voters(masked, m.end(), nxt, rules)
            region = (m.end(), nxt)
            c = rules.count_after.match(masked[m.end():nxt])
            if c and not any(o == cue.option for o, _ in counts):
                counts.append((cue.option, int(c.group("n"))))
            pos = nxt
        else:
            pos = m.end()
        for t_start, value in totals:
            if region[0] <= t_start < region[1] and not any(o == cue.option for o, _ in counts):
                counts.append((cue.option, value))
        positions.extend(PositionRec(cue.option, v.voter, v.voter_type, v.party, v.start, v.end) for v in voters)
        if (k == len(matches) - 1 and not voters and cue.direction in ("pre", "both")
                and not masked[m.end():e].strip(" :\t\n")):
            dangling = cue.option
    return positions, counts, dangling


def _read_sentence(text: str, s: int, e: int, rules: VoteRules, hidden: tuple[tuple[int, int], ...] = ()) -> _Sentence:
    """Read one sentence; the ``hidden`` ranges (remark texts) are masked before anything is read."""
    chars = list(text[s:e])
    for a, b in hidden:
        _mask(chars, max(a, s), min(b, e), s)
    src = text[:s] + "".join(chars) + text[e:] if hidden else text
    counts: list[tuple[str, int]] = []
    for pattern in rules.tallies:
        for m in pattern.finditer(src, s, e):
            if chars[m.start() - s] == " " and src[m.start()] != " ":
                continue  # already masked
            for option in ("yes", "no", "abstain"):
                if m.groupdict().get(option):
                    counts.append((option, _count(m.group(option), rules)))
            _mask(chars, m.start(), m.end(), s)
    motion = None
    for _kind, pattern in rules.motions:
        m = pattern.search(src, s, e)
        if m and m.end() > m.start():
            motion = _clean_motion(text, m.start(), m.end())
            _mask(chars, m.start(), m.end(), s)
            break
    unanimous = False
    for m in rules.unanimity.finditer(src, s, e):
        unanimous = True
        _mask(chars, m.start(), m.end(), s)
    totals = []
    for m in rules.count_total.finditer(src, s, e):
        totals.append((m.start(), int(m.group("n"))))
        _mask(chars, m.start(), m.end(), s)
    masked = text[:s] + "".join(chars) + text[e:]
    positions: list[PositionRec] = []
    dangling = None
    cues = len(rules.cue.findall(masked, s, e))
    if not unanimous:
        positions, cue_counts, dangling = _cue_positions(masked, s, e, totals, rules)
        counts += [c for c in cue_counts if not any(c[0] == o for o, _ in counts)]
    result = None
    if positions and _MAJORITY.search(src, s, e):
        result = {"yes": "pass", "no": "fail"}.get(positions[0].option)
    elif rules.result_fail.search(src, s, e):
        result = "fail"
    elif rules.result_pass.search(masked, s, e) or unanimous:
        result = "pass"
    return _Sentence(s, e, motion, positions, counts, unanimous, result, masked, cues, dangling)


def _result(event: VoteRec) -> Optional[str]:
    if event.result is not None:
        return event.result
    tally = dict(event.counts)
    if "yes" in tally and "no" in tally and tally["yes"] != tally["no"]:
        return "pass" if tally["yes"] > tally["no"] else "fail"
    for p in event.positions:
        if p.voter_type == "group" and "flertal" in p.voter.casefold():
            return {"yes": "pass", "no": "fail"}.get(p.option)
    return None


def _add_wishes(text: str, start: int, end: int, out: Parsed, rules: VoteRules) -> None:
    """Positions stated as wishes against the decision (``vote_context.wish_positions``): added to the
    tallied vote they explain (the last event before them), else as one event of their own."""
    for option, voters, s in wish_positions(text, sentences(text, start, end), rules):
        event = next((v for v in reversed(out.votes) if v.start <= s), None)
        if event is None:
            event = VoteRec(None, None, [], [], s, s, False)
            out.votes.append(event)
        held = {(p.voter, p.option) for p in event.positions}
        event.positions.extend(PositionRec(option, v.voter, v.voter_type, v.party, v.start, v.end)
                               for v in voters if (v.voter, option) not in held)


def _once(positions: list[PositionRec]) -> list[PositionRec]:
    """Each (voter, option) once, the first mention kept."""
    seen: set[tuple[str, str]] = set()
    out = []
    for p in positions:
        if (p.voter, p.option) not in seen:
            seen.add((p.voter, p.option))
            out.append(p)
    return out


def parse_decision(text: str, rules: VoteRules, start: int = 0, end: Optional[int] = None) -> Parsed:
    """Votes, remarks and conflicts in ``text[start:end]`` (offsets into ``text``)."""
    end = len(text) if end is None else end
    out = Parsed()
    skip_until = start
    point: Optional[tuple[str, int, int]] = None
    current: Optional[VoteRec] = None
    plain: dict[Optional[str], str] = {}  # motion → result stated outside vote sentences
    pending: Optional[str] = None  # option of a dangling cue ("Imod stemte:") for the lines below it

    def add(sent: _Sentence) -> None:
        """Record a sentence's positions and tallies: a new event, or more of the current one."""
        nonlocal current, point
        if sent.motion is not None and re.match(r"\s*ad\b", sent.motion[0], re.IGNORECASE):
            point = sent.motion
            sent.motion = None
        motion = sent.motion or point
        if not (sent.positions or sent.counts or sent.unanimous):
            if sent.result and current is not None and current.result is None and current.motion == (motion and motion[0]):
                current.result = sent.result
            elif sent.result and (motion and motion[0]) not in plain:
                plain[motion and motion[0]] = sent.result
            current = None if sent.motion is not None else current
            return
        m_text = motion[0] if motion else None
        sent.positions = _once(sent.positions)  # "Imod: Ø og F, F med bemærkning …" names F once as a voter
        voters = {p.voter for p in sent.positions}
        if (current is not None and not sent.unanimous and not current.unanimous and current.motion == m_text
                and not voters & {p.voter for p in current.positions}
                and not {o for o, _ in sent.counts} & {o for o, _ in current.counts}):
            current.positions.extend(sent.positions)
            current.counts.extend(sent.counts)
            current.end = sent.end
            current.result = current.result or sent.result
        else:
            current = VoteRec(m_text, sent.result, list(sent.counts), list(sent.positions), sent.start, sent.end,
                              sent.unanimous)
            out.votes.append(current)

    for s, e in sentences(text, start, end):
        if e <= skip_until:
            continue
        if s < skip_until:  # a quoted remark closed inside this sentence: read what follows it
            s, e = _strip(text, skip_until, e)
            if e <= s:
                continue
        if rules.conflict.search(text, s, e):
            refs = referenced_items(text, s, e, rules)
            for v in conflict_persons(text, s, e, rules):
                if all(c.name != v.voter or c.items != refs for c in out.conflicts):
                    out.conflicts.append(ConflictRec(v.voter, v.party, v.start, v.end, refs))
            pending = None
            continue
        if rules.attendance.match(text, s, e) or rules.attendance.search(text, s, e) and not rules.cue.search(text, s, e):
            pending = None
            continue
        remark = _remark(text, s, e, end, text, rules)
        if remark is not None:
            if rules.cue.search(text, s, remark[2]):  # "X stemte imod med følgende mindretalsudtalelse:"
                add(_read_sentence(text, s, remark[2], rules))
            out.remarks.append(remark[0])
            skip_until = remark[1]
            current = None
            pending = None
            continue
        others = _other_remarks(text, s, e, end, rules)
        sent = _read_sentence(text, s, e, rules, tuple(others))
        cut = others[0][0] if others else e
        if sent.cues:
            pending = sent.dangling
        elif pending is not None:
            lead = leading_voters(sent.masked, s, cut, rules)
            if lead and (others or only_voters(sent.masked, s, cut, lead, rules)):
                sent.positions = [PositionRec(pending, v.voter, v.voter_type, v.party, v.start, v.end) for v in lead]
            else:
                pending = None
        named = list(sent.positions)  # as printed, repeats included (add() keeps each voter once)
        add(sent)
        seg = s
        for a, r_end in others:
            before = [p for p in named if seg <= p.start < a]
            run = [p for p in before if p.option == before[-1].option] if before else []
            if before and any(p.voter == before[-1].voter for p in before[:-1]):
                run = before[-1:]  # "Imod: Ø og F, F med bemærkning om …": the remark is F's
            by: list[Voter | PositionRec] = list(run)
            if not by:
                lead = leading_voters(sent.masked, seg, a, rules)
                by = list(lead) if lead and only_voters(sent.masked, seg, a, lead, rules) else []
            if by or not rules.remark_other_needs_vote:
                r_start = by[0].start if by else _strip(text, seg, a)[0]
                if by and r_start > seg and text[r_start - 1] == "(":  # "(Ø) og (F) med bemærkning …"
                    r_start -= 1
                out.remarks.append(RemarkRec("other", [v.voter for v in by], r_start, r_end))
            seg = r_end
        if others and others[-1][1] > e:
            skip_until = others[-1][1]
    _add_wishes(text, start, end, out, rules)
    for v in out.votes:
        v.result = _result(v)
        if v.result is None:
            v.result = plain.get(v.motion)
    return out
