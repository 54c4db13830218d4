"""Text ↔ model tokens for every model kind, each decoding as the model's own toolkit does.

- SentencePiece (argos packages; `source.spm`/`target.spm` of OPUS-MT; `sentencepiece.bpe.model` of NLLB-200
  and M2M-100): encode to pieces, decode pieces, and as argostranslate does, `▁` and `_` become spaces.
- BPE (older argos packages with `bpe.model`): Moses punctuation normalisation and tokenisation, then BPE
  segmentation, reversed on the way out, through sacremoses and subword-nmt (the libraries argostranslate
  itself uses or vendors), not re-written here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from pipeline.errors import TolmachError


class Tokenizer(Protocol):
    def encode(self, text: str) -> list[str]: ...

    def decode(self, tokens: list[str]) -> str: ...


class SentencePieceTokenizer:
    def __init__(self, source: Path, target: Path) -> None:
        import sentencepiece

        self._src: Any = sentencepiece.SentencePieceProcessor(model_file=str(source))
        self._tgt: Any = self._src if target == source else sentencepiece.SentencePieceProcessor(
            model_file=str(target))

    def encode(self, text: str) -> list[str]:
        tokens: list[str] = self._src.encode(text, out_type=str)
        return tokens

    def decode(self, tokens: list[str]) -> str:
        return str(self._tgt.decode_pieces(tokens)).replace("▁", " ").replace("_", " ")


class BPETokenizer:
    def __init__(self, codes: Path, source_lang: str, target_lang: str) -> None:
        try:
            from sacremoses import MosesDetokenizer, MosesPunctNormalizer, MosesTokenizer
            from subword_nmt.apply_bpe import BPE
        except ImportError as exc:
            raise TolmachError(f"BPE packages need sacremoses and subword-nmt ({exc.name} is missing)", codes,
                               hint="pip install 'tolmach[mt]'") from exc
        self._normalizer = MosesPunctNormalizer(source_lang)
        self._tokenizer = MosesTokenizer(source_lang)
        self._detokenizer = MosesDetokenizer(target_lang)
        with codes.open(encoding="utf-8") as f:
            self._bpe = BPE(f)

    def encode(self, text: str) -> list[str]:
        # exactly argostranslate's BPETokenizer, so drafts equal its translate()
        words = " ".join(self._tokenizer.tokenize(self._normalizer.normalize(text))).strip("\r\n ").split(" ")
        segmented: list[str] = self._bpe.segment_tokens(words)
        return segmented

    def decode(self, tokens: list[str]) -> str:
        return str(self._detokenizer.detokenize(" ".join(tokens).replace("@@ ", "").split(" ")))


def load_tokenizer(source: Path, target: Path, source_lang: str, target_lang: str) -> Tokenizer:
    if source.name == "bpe.model":
        return BPETokenizer(source, source_lang, target_lang)
    return SentencePieceTokenizer(source, target)
