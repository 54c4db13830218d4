"""What an installed neural model is, as plain data: shared by the package installer (`packages`), the
engines that run models (`engines`) and the route planner, none of which imports another for it.

Two kinds live side by side in the packages directory, each a folder with a `metadata.json`:
- `argos`: an argos package as published (`model/` is a CTranslate2 model, `sentencepiece.model` or
  `bpe.model` beside it);
- `ctranslate2`: a CTranslate2 model directory converted from OPUS-MT (Marian), NLLB-200 or M2M-100, added
  with `tolmach models add DIR --pair en-be`; tolmach writes its metadata.json, and the tokenizer files the
  converters produce (`source.spm`/`target.spm`, `sentencepiece.bpe.model`) stay inside `model/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

ModelKind = Literal["argos", "ctranslate2"]
KINDS: tuple[ModelKind, ...] = ("argos", "ctranslate2")
# Where each kind keeps its tokenizer, most specific first: (source file, target file); one file = shared.
TOKENIZERS: tuple[tuple[str, str], ...] = (
    ("sentencepiece.model", "sentencepiece.model"),
    ("bpe.model", "bpe.model"),
    ("model/source.spm", "model/target.spm"),
    ("model/sentencepiece.bpe.model", "model/sentencepiece.bpe.model"),
    ("model/sentencepiece.model", "model/sentencepiece.model"),
    ("model/spm.model", "model/spm.model"),
)


@dataclass(frozen=True)
class PackageInfo:
    """What metadata.json says about a model, and where it is (a folder, or a folder inside a zip)."""

    from_code: str
    to_code: str
    version: str
    folder: str
    path: Path  # the installed folder, or the archive
    target_prefix: str = ""  # a token the model wants first in every output (multilingual models), or ""
    source_prefix: str = ""  # a token before every input (NLLB `eng_Latn`, M2M `__en__`, OPUS-MT `>>bel<<`)
    kind: ModelKind = "argos"

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"

    @property
    def label(self) -> str:
        """How drafts name the model: `argos en→pl 1.9`, `ctranslate2 en→be nllb-200-distilled-600M`."""
        return f"{self.kind} {self.from_code}→{self.to_code} {self.version}"

    def tokenizer_files(self) -> tuple[Path, Path] | None:
        """The (source, target) tokenizer model files present, or None."""
        for source, target in TOKENIZERS:
            if (self.path / source).is_file() and (self.path / target).is_file():
                return self.path / source, self.path / target
        return None
