"""``extract`` and ``extract_many``: text in, :class:`~minutes_nlp.schema.Minutes` out.

>>> from minutes_nlp import extract
>>> m = extract(open("examples/referat_eksempel.txt", encoding="utf-8").read())   # doctest: +SKIP
>>> m.items[0].decision.label                                                      # doctest: +SKIP
'Godkendt'
"""
from __future__ import annotations

from contextlib import nullcontext
from itertools import islice
from typing import TYPE_CHECKING, ContextManager, Iterable, Iterator, Optional, Union

from spacy.language import Language

from .clean import CleanText, clean
from .convert import Converted, convert_doc
from .inputs import check_text
from .pipeline import cached, pipeline_name
from .schema import Meeting, Minutes
from .components.segmenter import SEGMENTATION_KEY, segmenter_of
from .segment import Segmentation

if TYPE_CHECKING:
    from .io.limits import Limits

NlpArg = Union[Language, str, None]
#: Documents per ``nlp.pipe`` batch. Minutes are long (a meeting is often 10k+ tokens), so small
#: batches keep a process under 500 MB at the same speed (benchmarks/speed.py --batch-size).
DEFAULT_BATCH_SIZE = 2
#: Longer texts are processed in pieces of at most this many characters, cut at agenda items: the
#: trained layers' memory grows with the length of a Doc (a 300k-character byråd meeting needs over
#: 1 GB in one piece). Later pieces are prefixed with the meeting header so that every piece knows the
#: body and the participants; mentions inside that repeated prefix are dropped.
PIECE_CHARS = 30_000
#: At most this much of the header is repeated in front of later pieces.
MAX_PREFIX_CHARS = 5_000


def _nlp(nlp: NlpArg) -> Language:
    if isinstance(nlp, Language):
        return nlp
    return cached(nlp)


def chunk_bounds(text: str, max_length: int, seg: Optional[Segmentation] = None) -> list[tuple[int, int]]:
    """Cut ``text`` into pieces of at most ``max_length`` characters, at the agenda-item boundaries of
    ``seg`` (the pipeline's own segmentation, see :func:`segmenter_of`) where possible, else at the last
    line break (or space) before the limit."""
    if len(text) <= max_length:
        return [(0, len(text))]
    cuts = [item.start for item in seg.items if item.start > 0] if seg is not None else []
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > max_length:
        limit = start + max_length
        best = max((c for c in cuts if start < c <= limit), default=-1)
        if best < 0:
            best = text.rfind("\n", start + 1, limit + 1)
        if best <= start:
            best = text.rfind(" ", start + 1, limit + 1)
        if best <= start:
            best = limit
        bounds.append((start, best))
        start = best
    bounds.append((start, len(text)))
    return bounds


def _merge(parts: list[Converted], name: str) -> Minutes:
    meeting = parts[0].meeting if parts and parts[0].meeting is not None else Meeting()
    items = [i for p in parts for i in p.items]
    entities = [e for p in parts for e in p.entities]
    return Minutes(meeting=meeting, items=items, entities=entities, pipeline=name)


def _process(nlp: Language, original: str, cleaned: CleanText, docs: Iterable, prefix: int = 0) -> Minutes:
    parts: list[Converted] = []
    reference = None
    for k, ((start, _end), doc) in enumerate(docs):
        if k == 0:
            part = convert_doc(doc, original, cleaned, start)
            reference = part.meeting.date if part.meeting is not None else None
        else:  # later pieces carry the header prefix in front of cleaned.text[start:end]
            part = convert_doc(doc, original, cleaned, start - prefix, with_meeting=False,
                               reference=reference, skip_before=prefix)
        parts.append(part)
    return _merge(parts, pipeline_name(nlp))


def _pieces(nlp: Language, text: str, limit: int) -> tuple[list[tuple[int, int]], int, Optional[Segmentation]]:
    """Piece bounds of a cleaned text, the length of the header prefix repeated before later pieces,
    and the whole text's segmentation (by the pipeline's own segmenter) when it was cut."""
    if len(text) <= limit:
        return [(0, len(text))], 0, None
    pipe = segmenter_of(nlp)
    seg = pipe.segment(text) if pipe is not None else None
    bounds = chunk_bounds(text, limit, seg)
    if len(bounds) == 1:
        return bounds, 0, None
    return bounds, max(0, min(seg.body_start, MAX_PREFIX_CHARS)) if seg is not None else 0, seg


def _piece_doc(nlp: Language, text: str, seg: Optional[Segmentation], bounds: tuple[int, int], prefix: int,
               first: bool):
    """The Doc of one piece; its segmenter will take its share of the whole text's segmentation."""
    a, b = bounds
    piece = text[a:b] if first else text[:prefix] + text[a:b]
    if seg is None:
        return piece
    doc = nlp.make_doc(piece)
    doc.user_data[SEGMENTATION_KEY] = seg.window(a, b, -a if first else prefix - a)
    return doc


def extract(text: str, nlp: NlpArg = None, *, limits: Optional["Limits"] = None) -> Minutes:
    """Extract meeting data, agenda items, decisions and entities from one minutes text.

    ``text`` must be ``str`` (decode bytes first): anything else raises ``TypeError``. Empty or
    whitespace-only text gives an empty ``Minutes``. Texts longer than ``nlp.max_length`` are
    processed in pieces cut at agenda items; offsets always refer to ``text`` as given.
    ``limits`` (:class:`minutes_nlp.io.limits.Limits`) holds the text to ``max_chars`` (else
    ``ReadError``) and the work to ``timeout_s`` (else ``TimeLimitExceeded``), as the CLI does.
    """
    if limits is None:
        return next(extract_many([text], nlp=nlp))
    from .io.limits import deadline

    if isinstance(text, str):
        limits.check_text(text, "text")
    pipeline = _nlp(nlp)  # loading the pipeline is not the document's time
    with deadline(limits.timeout_s, "extraction"):
        return next(extract_many([text], nlp=pipeline))


def extract_many(texts: Iterable[str], batch_size: int = DEFAULT_BATCH_SIZE, nlp: NlpArg = None) -> Iterator[Minutes]:
    """Like :func:`extract` for many texts, in order, batched through ``nlp.pipe``."""
    pipeline = _nlp(nlp)
    name = pipeline_name(pipeline)
    iterator = iter(texts)
    while True:
        batch = list(islice(iterator, batch_size))
        if not batch:
            return
        with _memory_zone(pipeline):  # strings of this batch are freed after it: flat memory
            results = list(_extract_batch(pipeline, batch, name, batch_size))
        yield from results


def _memory_zone(nlp: Language) -> ContextManager[object]:
    zone = getattr(nlp, "memory_zone", None)  # spaCy >= 3.8
    return zone() if zone is not None else nullcontext()


def _extract_batch(nlp: Language, texts: list[str], name: str, batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[Minutes]:
    prepared = []
    pieces: list = []  # str, or a Doc carrying its share of the whole text's segmentation
    limit = min(nlp.max_length, PIECE_CHARS)
    for text in texts:
        check_text(text)  # a path or URL where text belongs: say so instead of returning nothing
        cleaned = clean(text)
        bounds, prefix, seg = _pieces(nlp, cleaned.text, limit) if cleaned.text.strip() else ([], 0, None)
        prepared.append((text, cleaned, bounds, prefix))
        pieces.extend(_piece_doc(nlp, cleaned.text, seg, ab, prefix, k == 0) for k, ab in enumerate(bounds))
    docs = iter(nlp.pipe(pieces, batch_size=max(1, batch_size)))
    for original, cleaned, bounds, prefix in prepared:
        if not bounds:
            yield Minutes(pipeline=name)
            continue
        chunk_docs = [(b, next(docs)) for b in bounds]
        yield _process(nlp, original, cleaned, chunk_docs, prefix)
