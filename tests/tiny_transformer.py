"""Build a tiny BERT at test time, offline: random weights, a WordPiece vocabulary trained on our
own fixture minutes (tests/fixtures/minutes/*.txt), saved as a Hugging Face model folder that
``spacy-transformers`` can load by path. No hub, no download.

    >>> path = build_tiny_bert(tmp_path / "tiny-bert")          # doctest: +SKIP
    >>> # transformer.cfg: --components.transformer.model.name str(path)
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "minutes"
SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def fixture_texts(folder: Path = FIXTURES) -> list[str]:
    """Our own fixture minutes (written by the team), one string per file."""
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def train_wordpiece(texts: Iterable[str], out_dir: Path, vocab_size: int = 2000) -> Path:
    """Train a lower-cased WordPiece vocabulary with ``tokenizers``; writes ``vocab.txt``."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers

    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True, strip_accents=False)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    trainer = trainers.WordPieceTrainer(vocab_size=vocab_size, special_tokens=SPECIAL_TOKENS, min_frequency=1)
    tok.train_from_iterator(list(texts), trainer=trainer)
    vocab = sorted(tok.get_vocab().items(), key=lambda kv: kv[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "vocab.txt"
    path.write_text("".join(f"{word}\n" for word, _ in vocab), encoding="utf-8")
    return path


def build_tiny_bert(out_dir: Path, *, hidden_size: int = 32, layers: int = 2, heads: int = 2,
                    max_positions: int = 1024, seed: int = 0) -> Path:
    """A 2-layer BERT (random weights) + fast tokenizer saved to ``out_dir``; returns ``out_dir``."""
    import torch
    from transformers import BertConfig, BertModel, BertTokenizerFast

    out_dir = Path(out_dir)
    vocab = train_wordpiece(fixture_texts(), out_dir)
    tokenizer = BertTokenizerFast(vocab_file=str(vocab), do_lower_case=True, strip_accents=False,
                                  model_max_length=max_positions)
    torch.manual_seed(seed)
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=hidden_size, num_hidden_layers=layers,
                        num_attention_heads=heads, intermediate_size=hidden_size * 2,
                        max_position_embeddings=max_positions)
    BertModel(config).save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    return out_dir
