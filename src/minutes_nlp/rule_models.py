"""The models of the rule files in ``resources/`` (validated by :mod:`minutes_nlp.rules_contract`).

One model per file, ``extra="forbid"`` throughout, a description on every field and cross-field
checks after validation. Facts shared by several components live in one file: month and weekday
names in ``months.json`` (:func:`month_words`), body names in ``committees.json`` (``names``,
``regions``, ``top_bodies``). To add a key to a rule file, add its field here.
"""
from __future__ import annotations

from typing import Literal, Optional, Union, get_args

from pydantic import Field, field_validator, model_validator

from .labels import DECISION_LABELS, SECTION_LABELS
from .rules_contract import Regex, RuleEntry, RuleFile, load

__all__ = ["HeadingShape", "HeadingRules", "DecisionCue", "RecommendationCue", "DecisionRulesFile", "Party",
           "VoteCueEntry", "KindPattern", "VoteRulesFile", "CommitteeRules", "PersonRules", "HeaderRulesFile",
           "MonthRules", "PdfRules", "TokenizerExceptions", "ReferralCue", "CaseThresholds", "CaseBonuses",
           "CaseWindows", "OutcomeLabels", "CaseRulesFile", "RULE_FILES", "month_words", "party_marks", "top_body_names",
           "expand_top_body", "TOP_BODY_MACRO"]

Words = list[str]


def F(description: str, default: object = ..., **kw: object) -> object:  # noqa: N802 - field shorthand
    """A pydantic Field with its description first."""
    return Field(default, description=description, **kw)


# --- headings.json (minutes_nlp.segmentation) ------------------------------------------------------
class HeadingShape(RuleEntry):
    """One shape a line may have to open an agenda item."""

    name: str = F("Name of the shape (evidence weights shape_<name> give its prior).")
    regex: Regex = F("Regex over a markup-free line; named groups number, title, prefix, closed.")
    ignore_case: bool = F("Match case-insensitively.", False)
    markdown_only: bool = F("Only in texts with markdown headings.", False)
    exclude_years: bool = F("A number that looks like a year is not an item number.", False)
    in_lists: bool = F("Keeps its score inside a run of adjacent headings.", False)


class HeadingRules(RuleFile):
    """``headings.json``: heading shapes, section words, evidence weights and furniture patterns."""

    markup_strip: Regex = F("Markup removed from a line before shapes are matched (#, >, bullets, **, <b>).")
    heading_shapes: list[HeadingShape] = F("Every shape a line may have to open an item; the first match names it.")
    evidence: dict[str, Union[float, str]] = F("Weights of the heading scorer and decoder; keys starting '_' are notes.")
    sections: dict[str, Words] = F("Section label → heading words that open such a section.")
    decision_heading_patterns: list[Regex] = F("Lines that open a decision section (case-insensitive).")
    not_decision_heading: Optional[Regex] = F("Lines that look like a decision heading but are not.", None)
    inline_sections: Words = F("Section labels whose heading may carry text on the same line.")
    toc_titles: Words = F("Titles of a contents list ('Indholdsfortegnelse').")
    toc_line: Regex = F("A line of a contents list.")
    toc_glued: Regex = F("A contents title glued to its first entry.")
    list_glued_heading: Regex = F("The last entry of a numbered list glued to the first heading after it "
                                  "('3. Eventuelt1. Godkendelse …'); group 'a' is the entry's number, 'b' "
                                  "the heading's, which must be lower: the line is split before 'b'.")
    page_line: Regex = F("A page-furniture line ('Side 3 af 12').")
    navigation_line: Regex = F("A web navigation line ('Til toppen').")
    repeat_keep: Optional[Regex] = F("Repeated lines that are never page furniture.", None)
    repeated_line_min: int = F("A line repeated this often is page furniture.", ge=1)
    title_reject: Regex = F("A 'title' that cannot be an item title.")
    title_sentence: Regex = F("A sentence-like title (a numbered paragraph, not a heading).")
    title_stop: Regex = F("Cuts a title where case-number labels begin.")
    title_furniture: Regex = F("A 'title' that is a page or contents heading.")
    title_person: Regex = F("A 'title' that is a person in a numbered list.")
    case_line: Regex = F("A case-number line.")
    list_intro: Regex = F("A line that introduces a numbered list (its items are not agenda items).")
    numeric_row: Regex = F("A table row of numbers (its leading number is not an item number).")
    recommendation_heading: Regex = F("'<Body>s indstilling [til …]' heading.")
    flattened_line_min: int = F("Lines longer than this are a flattened PDF page.", ge=1)
    flattened_breaks: list[Regex] = F("Whitespace that becomes a line break in a flattened line's view.")
    history_entry: Regex = F("Inside a decision section, a line naming only a body and a date ('Økonomiudvalget, "
                             "31.10.2016') opens the next decision of the item's history (case-insensitive).")
    line_breaks: list[Regex] = F("Whitespace that becomes a line break in the view of any line, however short "
                                 "(a dated decision heading run on with its text: 'Beslutning Byrådet, 22.11.2016 Godkendt.').")

    @model_validator(mode="after")
    def _check(self) -> "HeadingRules":
        names = [s.name for s in self.heading_shapes]
        if len(set(names)) != len(names):
            raise ValueError(f"heading_shapes: duplicate shape names {sorted({n for n in names if names.count(n) > 1})}")
        bad = [k for k, v in self.evidence.items() if not k.startswith("_") and not isinstance(v, (int, float))]
        if bad:
            raise ValueError(f"evidence: weights must be numbers: {bad}")
        unknown = set(self.sections) - set(SECTION_LABELS)
        if unknown:
            raise ValueError(f"sections: unknown section labels {sorted(unknown)}")
        return self


# --- decision_rules.json -------------------------------------------------------------------------
class DecisionCue(RuleEntry):
    """An ordered decision cue: a regex that carries a label (or BARE)."""

    label: str = F("A decision label (ANNOTATION.md §2) or BARE.")
    weight: float = F("Score of a decision read by this cue.", 1.0, ge=0, le=1)
    pattern: Regex = F("Regex (case-insensitive, multiline).")
    yields_to: list[str] = F("Labels that win over this cue's label when both occur.", [])

    @field_validator("yields_to")
    @classmethod
    def _labels(cls, v: list[str]) -> list[str]:
        bad = [x for x in v if x not in DECISION_LABELS]
        if bad:
            raise ValueError(f"unknown decision labels {bad}")
        return v


class RecommendationCue(RuleEntry):
    """A cue of what a recommendation asks for."""

    kind: Literal["recommend", "note", "discuss", "approve", "none"] = F("What the recommendation asks for.")
    pattern: Regex = F("Regex (case-insensitive, multiline).")


class OtherItemRule(RuleEntry):
    """A sentence that names another agenda item before a cue of these labels speaks of that item."""

    pattern: Regex = F("Regex of a reference to an item by number; group 'num' holds the number.")
    labels: list[str] = F("Decision labels whose cues the reference disowns (e.g. Udsat).")

    @field_validator("labels")
    @classmethod
    def _known(cls, v: list[str]) -> list[str]:
        bad = sorted(set(v) - set(DECISION_LABELS))
        if bad:
            raise ValueError(f"unknown labels {bad}")
        return v


class OutcomeLine(RuleEntry):
    """The first line of an item with no decision section that records its outcome."""

    pattern: Regex = F("Regex the whole line must match ('Foretoges\\.?').")
    label: Optional[str] = F("The item's label when the line records only that an act took place "
                             "(a question was put); null: the line is read as a decision text.", None)


class DecisionRulesFile(RuleFile):
    """``decision_rules.json``: ordered, weighted regex cues of the decision labels."""

    version: int = F("Format version of the file.", 1)
    description: Optional[str] = F("Free-text description for readers; ignored.", None)
    strip: list[Regex] = F("Text removed before cues are read (vote prefixes, labels).")
    noise: list[Regex] = F("Lines dropped from a decision (page furniture, case numbers).")
    no_decision: list[Regex] = F("A decision text that records no decision.")
    decision_cues: list[DecisionCue] = F("Ordered cues; each match is masked before the next is tried.")
    weak_cues: list[DecisionCue] = F("Cues read only when no decision cue matched.")
    bare_stopwords: Regex = F("Words that do not count as content in a bare decision.")
    top_bodies: Regex = F("A top body (Byrådet …) approving: the decision is final.")
    recommendation_cues: list[RecommendationCue] = F("Cues of what the recommendation asks for.")
    recommendation_preamble: Regex = F("The lead-in of a recommendation ('… indstiller, at').")
    at_clause: Regex = F("An 'at …' clause of a recommendation.")
    competence_lines: list[Regex] = F("Lines naming the deciding body; group 'who' holds the bodies.", [])
    body_abbreviations: dict[str, str] = F("Case-sensitive abbreviation of a body → its name ('ØU').", {})
    other_item: Optional[OtherItemRule] = F("Another item named as the subject of a decision sentence.", None)
    outcome_lines: list[OutcomeLine] = F("An item's outcome line when it has no decision section.", [])

    @model_validator(mode="after")
    def _check(self) -> "DecisionRulesFile":
        allowed = set(DECISION_LABELS) | {"BARE"}
        for key, cues, ok in (("decision_cues", self.decision_cues, allowed),
                              ("weak_cues", self.weak_cues, set(DECISION_LABELS)),
                              ("outcome_lines", [o for o in self.outcome_lines if o.label], set(DECISION_LABELS))):
            bad = sorted({c.label for c in cues if c.label not in ok})
            if bad:
                raise ValueError(f"{key}: unknown labels {bad}")
        if any("(?P<who>" not in p for p in self.competence_lines):
            raise ValueError("competence_lines: every pattern needs a group named 'who'")
        return self


# --- vote_rules.json -----------------------------------------------------------------------------
VoteOption = Literal["yes", "no", "abstain", "reservation", "absent"]
VOTE_OPTIONS: tuple[str, ...] = get_args(VoteOption)


class Party(RuleEntry):
    """A Danish party: its ballot letter and the names it goes by."""

    letter: str = F("Ballot letter ('A').", min_length=1)
    names: Words = F("Names (case-sensitive).", [])
    abbreviations: Words = F("Abbreviations (case-sensitive).", [])
    historic: Words = F("Former names.", [])


class VoteCueEntry(RuleEntry):
    """A phrase that states a position."""

    option: VoteOption = F("The position it states.")
    direction: Literal["pre", "post", "both"] = F("Where its voters stand: post = before, pre = after.", "both")
    pattern: Regex = F("Regex (case-insensitive).")


class KindPattern(RuleEntry):
    """A regex with the kind of thing it marks (a motion, a remark)."""

    kind: str = F("What the match is ('amendment', 'protocol').", min_length=1)
    pattern: Regex = F("Regex (case-insensitive).")


class VoteRulesFile(RuleFile):
    """``vote_rules.json``: parties, vote cues, tallies, motions, results, remarks and conflicts."""

    version: int = F("Format version of the file.", 1)
    description: Optional[str] = F("Free-text description for readers; ignored.", None)
    parties: list[Party] = F("The party table.")
    party_letters_case_sensitive: Regex = F("A party letter as printed (case-sensitive).", "[A-ZÆØÅ]")
    groups: Words = F("Group words ('et flertal', 'mindretallet').")
    roles: Words = F("Roles that may stand before a voter's name.")
    not_names: Words = F("Words that are never a voter's name.")
    not_name_suffixes: Words = F("Endings of words that are never a voter's name.")
    cues: list[VoteCueEntry] = F("Vote cues, tried leftmost-first, in list order at one position.")
    tallies: list[Regex] = F("Vote counts ('5 stemmer for, 2 imod'); groups yes/no/abstain.")
    count_after_cue: Regex = F("A count right after a cue; group n.")
    count_before_cue: Regex = F("A count right before a cue; group n.")
    count_total: Regex = F("A total count; group n.")
    unanimity: list[Regex] = F("Words of a unanimous decision.")
    motions: list[KindPattern] = F("Motion markers (amendments, proposals).")
    result_fail: list[Regex] = F("A motion fell.")
    result_pass: list[Regex] = F("A motion passed.")
    remarks: list[KindPattern] = F("Protocol remarks and other remarks.")
    remark_other_needs_vote: bool = F("An 'other' remark counts only next to a vote.", True)
    conflicts: list[Regex] = F("Conflict-of-interest cues (inhabil).")
    attendance: list[Regex] = F("Attendance lines (not votes).")
    # context keys, read by components.vote_context (issue 11)
    conflict_negations: list[Regex] = F("A match covering an inhabil cue negates it ('for ikke inhabil').", [])
    conflict_hypothetical: list[Regex] = F("A match before an inhabil cue in its sentence makes it a question.", [])
    conflict_clause_breaks: list[Regex] = F("Clause boundaries: the persons declared inhabil are those of the cue's clause.", [])
    conflict_item_references: list[Regex] = F("Agenda items a conflict sentence names ('inhabil under punkt 5'); "
                                              "group 'nums' holds the numbers ('5, 7 og 9', '5-7').", [])
    wish_cues: list[Regex] = F("A wish stated by the voters before it ('ønskede ikke at'); group 'neg' marks "
                               "the negated wish.", [])
    decided_cues: list[Regex] = F("What the body decided ('besluttede'); an 'ikke' after it makes the decision "
                                  "negative, and wishes are read against it.", [])
    remark_quotes: str = F("Quote characters: a quote opening after an 'other' remark cue runs to its close.", "”“\"«»„")
    voter_gap: Regex = F("What may stand between the voters of a run ('(A), (C) og (F)').",
                         r"^(?:[\s,;/+&()]|\bog\b|\bsamt\b)*$")
    count_words: dict[str, int] = F("Number words a tally may print instead of digits ('ingen' = 0).", {})

    @model_validator(mode="after")
    def _check(self) -> "VoteRulesFile":
        letters = [p.letter for p in self.parties]
        if len(set(letters)) != len(letters):
            raise ValueError("parties: a letter is listed twice")
        return self


# --- committees.json and person_rules.json (entity rules, header) --------------------------------
class CommitteeRules(RuleFile):
    """``committees.json``: the COMMITTEE gazetteer (ANNOTATION.md §3), shared by entity rules and header."""

    names: Words = F("Known bodies; the first spelling listed is canonical.")
    abbreviations: Words = F("Upper-case names kept upper-case.", [])
    suffixes: Words = F("Endings of a capitalised word that is a body name.", [])
    regions: Words = F("The five regions (words after 'KKR'; regional bodies).", [])
    exclude_words: Words = F("Lower-case words that are never a body.", [])
    exclude_suffixes: Words = F("Lower-case word endings that are never a body.", [])
    not_place_words: Words = F("Lower-case words before 'Byråd' that are not its place name.", [])
    top_bodies: Words = F("Lower-case stems of the top bodies, whose decision is final ('byråd').", [])


class PersonRules(RuleFile):
    """``person_rules.json``: PERSON rules of the entity rules (lower-case words)."""

    roles: Words = F("Titles before or after a name (never part of the span).")
    party_marks: Words = F("Marks in '(UP)' after a name that vote_rules.json's party table lacks (local lists, "
                           "'uden for parti'); the party letters and abbreviations come from that table "
                           "(rule_models.party_marks()).")
    absence_heads: Words = F("Line heads whose list holds absent persons.")
    absence_tails: list[Words] = F("Word sequences after a name list that record absence.")
    stopwords: Words = F("Capitalised words that are never part of a person name.")


# --- header_rules.json ----------------------------------------------------------------------------
LABEL_KINDS = ("date", "time", "start_time", "end_time", "location", "attendees", "substitutes", "absent",
               "body", "ignore", "meeting")


class HeaderRulesFile(RuleFile):
    """``header_rules.json``: label words, title-line patterns and person-list words of the header parser."""

    labels: dict[str, Words] = F("Label kind → label words (matched case-insensitively, longest first).")
    meeting_line: Regex = F("A 'Møde …' line.")
    end_phrase: Regex = F("'Mødet hævet kl.' (the end time follows).")
    month_aliases: dict[str, str] = F("Foreign month name → Danish month name ('october' → 'oktober').", {})
    weekdays: Optional[Words] = F("Not read (weekday names live in months.json); accepted so that pipelines "
                                  "saved with it still load.", None)
    date_line_words: Words = F("Words a date line may hold besides dates and times.")
    title_marker: Regex = F("'Referat'/'Dagsorden' in a title line.")
    nav_line: Regex = F("A web navigation line.")
    evidence_weights: dict[str, float] = F("Weights of unlabelled header evidence (labelled fields always win).", {})
    inline_label_kinds: Words = F("Label kinds also read inside a line ('… Dato: 3. maj').")
    date_lead: Regex = F("Weekday and 'den' before a date.")
    body_prefix_words: Words = F("Words before a body name in a title line.")
    before_date: Regex = F("What may stand between a body name and the date.")
    body_end: Regex = F("Where a body name in a title line ends.")
    title_prefix: Regex = F("Leading noise of a title line.")
    body_lead_municipality: Regex = F("'X Kommune' before a body name.")
    body_trailing: Regex = F("'- Referat' after a body name.")
    body_suffix: Regex = F("Endings of a body name.")
    body_pattern: Regex = F("'Udvalget for …' body names.")
    body_kkr: Regex = F("'KKR <Region>'.")
    body_reject_words: Words = F("Words that make a candidate not a body name.")
    body_municipality: dict[str, str] = F("Body name (lower case) → the municipality it belongs to.", {})
    dated_heading: Regex = F("A decision heading with a date ('Beslutning … den 3. maj 2021'); group date.")
    decision_heading_word: Regex = F("The word 'Beslutning' in a heading.")
    decision_heading_max_chars: int = F("Longest decision heading line.", ge=1)
    decision_section_labels: Words = F("Section labels of decision blocks.")
    regional_body: Regex = F("A regional council.")
    regions: Optional[Words] = F("Region names; absent: the regions of committees.json (their one home).", None)
    municipality_words: Words = F("Words after a municipality's name ('Kommune', 'Byråd').")
    municipality_stop: Words = F("Capitalised words before 'Kommune' that are not a name.")
    party_pattern: Regex = F("A party letter or abbreviation in a person list (case-sensitive).")
    roles: Words = F("Roles in person lists.")
    absent_markers: Words = F("Words that mark a person as absent.")
    name_particles: Words = F("Lower-case particles inside names ('von', 'af').")
    name_stop: Words = F("Capitalised words that end a name.")
    item_absent_verbs: Regex = F("'var fraværende' after names in an item.")
    item_absent_from: Regex = F("'Afbud fra' before names in an item.")
    item_absent_labels: Words = F("Labels of per-item absence lines.")
    item_absent_label_gap: Regex = F("What may stand between such a label and its colon.")

    @model_validator(mode="after")
    def _check(self) -> "HeaderRulesFile":
        unknown = set(self.labels) - set(LABEL_KINDS)
        if unknown:
            raise ValueError(f"labels: unknown label kinds {sorted(unknown)}")
        if not set(self.inline_label_kinds) <= set(self.labels):
            raise ValueError("inline_label_kinds: every kind needs label words in 'labels'")
        if not set(self.decision_section_labels) <= set(SECTION_LABELS):
            raise ValueError(f"decision_section_labels: unknown section labels {self.decision_section_labels}")
        return self


# --- months.json, pdf_rules.json, tokenizer_exceptions.json --------------------------------------
class MonthRules(RuleFile):
    """``months.json``: the Danish calendar words (the one home of month and weekday names)."""

    months: dict[str, int] = F("Lower-case month name or abbreviation (no dot) → month number.")
    weekdays: Words = F("Lower-case weekday names and abbreviations.")

    @model_validator(mode="after")
    def _check(self) -> "MonthRules":
        if set(self.months.values()) != set(range(1, 13)):
            raise ValueError("months: every month 1-12 needs a name, and numbers stay in 1-12")
        return self


class PdfRules(RuleFile):
    """``pdf_rules.json``: page furniture, hyphenation and column rules of the PDF reader."""

    page_number: Regex = F("A line that is only a page number.")
    hyphen_keep_words: Words = F("Words after 'ord-' that make it a suspended compound.")
    furniture_zone: int = F("Lines at a page's top and bottom that may be running headers/footers.", ge=0)
    furniture_min_share: float = F("Share of pages the outermost line must repeat on.", ge=0, le=1)
    furniture_inner_share: float = F("The same share for lines further in.", ge=0, le=1)
    gap_spaces: int = F("A run of this many spaces becomes a tab.", ge=1)
    column_min_lines: int = F("Lines with text right of a gutter needed for two columns.", ge=1)
    column_left_fill: float = F("How far the left text must reach towards the gutter.", ge=0, le=1)
    column_min_right_chars: int = F("Characters right of the gutter a line needs to count.", ge=0)


class TokenizerExceptions(RuleFile):
    """``tokenizer_exceptions.json``: abbreviations kept whole and strings split into tokens."""

    abbreviations: dict[str, Optional[str]] = F("Orth → norm (null: the lower-cased orth).")
    splits: dict[str, Words] = F("Orth → the orths of its tokens (they must join to it).", {})

    @model_validator(mode="after")
    def _check(self) -> "TokenizerExceptions":
        bad = [k for k, parts in self.splits.items() if "".join(parts) != k]
        if bad:
            raise ValueError(f"splits: the tokens do not join to the orth for {bad}")
        return self


#: Every packaged rule file and its model (tests feed each a misspelt key).
# --- cases.json (minutes_nlp.cases) --------------------------------------------------------------------
DecisionLabel = Literal[tuple(DECISION_LABELS)]  # type: ignore[valid-type]


class ReferralCue(RuleEntry):
    """A phrase in a decision that sends the matter on; ``target`` is the role it goes to."""

    pattern: Regex = F("Regex on the lower-cased decision text.")
    target: Literal["top", "finance", "any", "same"] = F("The role of the body the matter goes to.")


class CaseThresholds(RuleEntry):
    """Scores: ``link`` joins two items; the others prune candidates before scoring."""

    link: float = F("Score at which two items are one case.", ge=0.0)
    number_title_min: float = F("Title similarity two items sharing a case number still need.", ge=0.0, le=1.0)
    candidate_title_min: float = F("Title similarity a candidate pair needs to be scored.", ge=0.0, le=1.0)
    max_token_share: float = F("Title tokens in more than this share of items do not block.", gt=0.0, le=1.0)
    min_token_df_cap: int = F("A token's document-frequency cap is at least this.", ge=1)


class CaseBonuses(RuleEntry):
    """What each kind of evidence adds to the title similarity."""

    case_number: float = F("Both items print the same case number.")
    history_reference: float = F("One item's history names the other's body and date.")
    referral_cue: float = F("The earlier decision sends the matter to the later item's body.")
    body_progression: float = F("The bodies follow the chain fagudvalg → ØU → top body.")
    gap_penalty_per_year: float = F("Subtracted per year between the two items.")


class CaseWindows(RuleEntry):
    """Days between two items that may still be one case, by how they relate."""

    progression: int = F("Up the chain of bodies.", ge=0)
    same_body: int = F("The same body again (a second reading).", ge=0)
    any: int = F("Any other pair.", ge=0)
    number: int = F("Items sharing a case number.", ge=0)


class OutcomeLabels(RuleEntry):
    """Decision labels read as a recommendation (for/against) and as a final yes/no."""

    recommend_for: list[DecisionLabel] = F("A committee's labels that recommend the matter.")
    recommend_against: list[DecisionLabel] = F("A committee's labels that recommend against it.")
    decide_for: list[DecisionLabel] = F("A deciding body's labels that say yes.")
    decide_against: list[DecisionLabel] = F("A deciding body's labels that say no.")
    endorse_patterns: list[Regex] = F("Find the body whose recommendation a decision approved (group 'body').")

    @field_validator("endorse_patterns")
    @classmethod
    def _body_group(cls, value: list[str]) -> list[str]:
        for p in value:
            if "(?P<body>" not in p:
                raise ValueError(f"pattern {p!r} has no group named 'body'")
        return value


class CaseRulesFile(RuleFile):
    """``cases.json``: how agenda items are linked into case histories. The top bodies are
    ``committees.json``'s ``top_bodies`` (one list for the whole library)."""

    standing_titles: list[Regex] = F("Standing items that never link (searched in the normalised title).")
    closed_prefixes: Words = F("Title prefixes removed before comparison ('lukket:').")
    stopwords: Words = F("Words left out of title similarity.")
    stem_length: int = F("Words are cut to this many characters before comparison.", ge=3, le=40)
    body_roles: dict[Literal["finance"], Words] = F(
        "Words of a lower-cased body name that make it the finance committee (top bodies come from "
        "committees.json; any other body is a fagudvalg).")
    referral_cues: list[ReferralCue] = F("Phrases that send the matter on to another body.")
    thresholds: CaseThresholds = F("Link and pruning thresholds.")
    bonuses: CaseBonuses = F("Evidence added to title similarity.")
    windows_days: CaseWindows = F("Time windows in days.")
    outcome: OutcomeLabels = F("Labels read by the outcome helpers.")


RULE_FILES: dict[str, type[RuleFile]] = {
    "headings.json": HeadingRules,
    "decision_rules.json": DecisionRulesFile,
    "vote_rules.json": VoteRulesFile,
    "committees.json": CommitteeRules,
    "person_rules.json": PersonRules,
    "header_rules.json": HeaderRulesFile,
    "months.json": MonthRules,
    "pdf_rules.json": PdfRules,
    "tokenizer_exceptions.json": TokenizerExceptions,
    "cases.json": CaseRulesFile,
}


def month_words() -> MonthRules:
    """The packaged calendar words."""
    return load("months.json", MonthRules)


def party_marks() -> frozenset[str]:
    """Every party letter and abbreviation of ``vote_rules.json``'s party table ('A', 'S', 'SF', …)."""
    table = load("vote_rules.json", VoteRulesFile).parties
    return frozenset(m for p in table for m in (p.letter, *p.abbreviations))


def top_body_names() -> tuple[str, ...]:
    """Stems of the top bodies whose decision is final (byråd, kommunalbestyrelse, …)."""
    return tuple(load("committees.json", CommitteeRules).top_bodies)


#: written in a rule file's pattern, stands for the definite forms of the top bodies
TOP_BODY_MACRO = "{top_body}"


def _definite(stem: str) -> str:
    return stem + ("n" if stem.endswith("e") else "en" if stem.endswith("ion") else "et")


def expand_top_body(pattern: str) -> str:
    """``pattern`` with ``{top_body}`` replaced by ``(?:byrådet|kommunalbestyrelsen|…)``, the definite
    forms of ``committees.json``'s ``top_bodies`` (so the list is written once)."""
    if TOP_BODY_MACRO not in pattern:
        return pattern
    return pattern.replace(TOP_BODY_MACRO, "(?:" + "|".join(_definite(s) for s in top_body_names()) + ")")
