"""Write a corpus of hostile and careless inputs (PDF, HTML, JSON, text) for the readers and the CLI.

    python scripts/hostile_corpus.py OUT_DIR [--large]

Every file is generated here (nothing downloaded), deterministically. ``EXPECT`` says for each file
whether reading it must succeed ("ok", maybe with warnings) or fail with a clean per-file error
("error"); in both cases within seconds, never a hang, crash or silent garbage. tests/test_hostile.py
runs the corpus through the readers and the CLI. ``--large`` adds the slow-to-build size cases
(a 40 MB HTML page) that the default run leaves out to keep CI fast.
"""
from __future__ import annotations

import json
import random
import sys
import zlib
from pathlib import Path

REFERAT = (
    "Økonomiudvalget\n\nReferat af ordinært møde den 12. maj 2023 kl. 16.00\n\n"
    "1. Godkendelse af dagsorden\n\nBeslutning\nGodkendt. Bevilling på 1.250.000 kr. til skoler på Ærø.\n\n"
    "2. Orientering om økonomi\n\nBeslutning\nTaget til efterretning.\n"
)

#: file name → "ok" or "error"
EXPECT: dict[str, str] = {}


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file from numbered object bodies (1-based), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _page_pdf(content: bytes, compress: bool = False, kids: int = 1) -> bytes:
    """One page (its content stream ``content``) referenced ``kids`` times from the page tree."""
    refs = b" ".join([b"3 0 R"] * kids)
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, kids),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(content, compress),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def build(out: Path, large: bool = False) -> dict[str, str]:
    """Write the corpus into ``out``; returns ``EXPECT`` for the files written."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(14)
    files: dict[str, tuple[bytes, str]] = {}

    def put(name: str, data: bytes, expect: str) -> None:
        files[name] = (data, expect)

    # -- text ------------------------------------------------------------------------------------
    utf8 = REFERAT.encode("utf-8")
    put("ok_utf8.txt", utf8, "ok")
    put("ok_utf8_bom.txt", b"\xef\xbb\xbf" + utf8, "ok")
    put("ok_utf16_bom.txt", REFERAT.encode("utf-16"), "ok")
    put("ok_utf16be_bom.txt", b"\xfe\xff" + REFERAT.encode("utf-16-be"), "ok")
    put("ok_utf32_bom.txt", REFERAT.encode("utf-32"), "ok")
    put("ok_cp1252.txt", REFERAT.encode("cp1252"), "ok")
    put("ok_utf8_one_bad_byte.txt", utf8.replace(b"Godkendt.", b"Godk\xffendt.", 1), "ok")
    put("ok_crlf_nul_zero_width.txt", REFERAT.replace("\n", "\r\n").replace("1.250", "1.\u200b250")
        .replace("12. maj", "1\x002. maj").encode("utf-8"), "ok")
    put("ok_lone_surrogate.txt", REFERAT.replace("Ærø", "\ud800Ærø").encode("utf-8", "surrogatepass"), "ok")
    put("ok_parens.txt", ("(" * 20_000 + "\n" + REFERAT).encode(), "ok")
    put("ok_no_spaces.txt", ("x" * 300_000 + "\n" + REFERAT).encode(), "ok")
    put("ok_items_10000.txt", "\n".join(f"{n}. Sag {n}\n\nBeslutning\nGodkendt.\n" for n in range(9998, 10003)).encode(), "ok")
    put("error_empty.txt", b"", "error")
    put("error_random_binary.txt", bytes(rng.randrange(256) for _ in range(20_000)), "error")
    put("error_nul_binary.txt", b"\x00\x01\x02\x03" * 5000, "error")
    # -- JSON ------------------------------------------------------------------------------------
    meeting = {"Udvalg": "Økonomiudvalget", "Moede": {"Dato": "2023-05-12T16:00:00"}, "Dagsordenpunkter": [
        {"Nummer": 1, "Navn": "Godkendelse af dagsorden", "Felter": [{"Navn": "Beslutning", "Html": "<p>Godkendt</p>"}]},
        "not an item", 42, None,
    ]}
    put("ok_firstagenda_wrong_types.json", json.dumps(meeting).encode(), "ok")
    put("error_deep_nesting.json", b"[" * 100_000 + b"]" * 100_000, "error")
    put("error_deep_object.json", b'{"Udvalg": "X", "Dagsordenpunkter": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "error")
    put("error_not_firstagenda.json", b'{"a": 1}', "error")
    put("error_truncated.json", b'{"Dagsordenpunkter": [{"Nummer": 1', "error")
    # -- HTML ------------------------------------------------------------------------------------
    put("ok_page.html", ("<html><body><nav>Menu</nav><main>" + REFERAT.replace("\n", "<br>")
                         + "</main></body></html>").encode(), "ok")
    put("ok_deep_divs.html", ("<html><body>" + "<div>" * 50_000 + "tekst" + "</div>" * 50_000
                              + "</body></html>").encode(), "ok")
    put("ok_unclosed_tags.html", ("<html><body>" + "<p><b><i>" * 20_000 + "</body>").encode(), "ok")
    if large:
        put("error_huge.html", b"<html><body>" + b"<p>bla bla</p>" * 3_000_000 + b"</body></html>", "error")
    # -- PDF -------------------------------------------------------------------------------------
    put("error_zero_byte.pdf", b"", "error")
    put("error_not_a_pdf.pdf", b"hello, I am not a PDF", "error")
    put("error_truncated.pdf", _page_pdf(b"BT /F1 12 Tf 72 700 Td (Referat) Tj ET")[:300], "error")
    put("ok_page.pdf", _page_pdf(b"BT /F1 12 Tf 72 700 Td (Referat af moedet) Tj ET"), "ok")
    put("error_no_text.pdf", _page_pdf(b""), "error")
    put("error_page_refs.pdf", _page_pdf(b"BT /F1 12 Tf 72 700 Td (x) Tj ET", kids=20_000), "error")
    bomb = b"BT /F1 12 Tf 72 700 Td (Referat) Tj ET\n" + b" " * 120_000_000
    put("error_decompression_bomb.pdf", _page_pdf(bomb, compress=True), "error")
    for name, (data, expect) in files.items():
        (out / name).write_bytes(data)
        EXPECT[name] = expect
    return dict(EXPECT)


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        sys.stderr.write(__doc__ or "")
        return 2
    expect = build(Path(argv[0]), large="--large" in argv)
    (Path(argv[0]) / "EXPECT.json").write_text(json.dumps(expect, indent=1) + "\n", encoding="utf-8")
    print(f"{len(expect)} hostile file(s) written to {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
