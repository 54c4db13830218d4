"""Builds real argos packages offline: a SentencePiece model, a CTranslate2 transformer, metadata.json, zipped.

Two kinds of model: `train_package` trains a tiny transformer with torch until it reproduces its sentence
pairs exactly with greedy search (the tests assert exact drafts); `random_package` fills the real argos
architecture (6+6 layers, d_model 512, 8 heads, FFN 2048, 32k vocabulary) with random weights for the benchmark.
The weights go into CTranslate2's own TransformerSpec from numpy arrays, so the files are what
CTranslate2's converters would write.
"""

from __future__ import annotations

import json
import math
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from mt_pairs import LANG_COLUMNS, LANG_NAMES, PAIRS_FILE, load_pairs  # noqa: F401  (argosbuild.load_pairs)


def train_sentencepiece(lines: Sequence[str], prefix: Path, vocab_size: int) -> Path:
    import sentencepiece as spm

    corpus = prefix.with_suffix(".txt")
    prefix.parent.mkdir(parents=True, exist_ok=True)
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(prefix), vocab_size=vocab_size, model_type="unigram",
        character_coverage=1.0, hard_vocab_limit=False, bos_id=1, eos_id=2, unk_id=0, pad_id=-1,
        minloglevel=2, num_threads=1, input_sentence_size=0, shuffle_input_sentence=False,
        user_defined_symbols=[],
    )
    return prefix.with_suffix(".model")


@dataclass
class Dims:
    layers: int
    d_model: int
    heads: int
    ffn: int
    max_len: int = 64


# --- the numpy weights -> CTranslate2 TransformerSpec -------------------------------------------------

def _set_ln(spec: Any, w: dict[str, np.ndarray], name: str) -> None:
    spec.gamma = w[f"{name}.weight"]
    spec.beta = w[f"{name}.bias"]


def _set_linear(spec: Any, weight: np.ndarray, bias: np.ndarray) -> None:
    spec.weight = weight
    spec.bias = bias


def make_spec(w: dict[str, np.ndarray], dims: Dims, vocab: list[str]) -> Any:
    """A pre-norm Transformer spec (the OpenNMT layout argos models use) from named numpy arrays."""
    from ctranslate2.specs import TransformerSpec

    spec = TransformerSpec.from_config((dims.layers, dims.layers), dims.heads)
    enc, dec = spec.encoder, spec.decoder
    enc.embeddings[0].weight = w["emb"]
    dec.embeddings.weight = w["emb"]
    enc.position_encodings.encodings = w["pos"]
    dec.position_encodings.encodings = w["pos"]
    for side, layers in (("enc", enc.layer), ("dec", dec.layer)):
        for i, layer in enumerate(layers):
            p = f"{side}.{i}"
            _set_ln(layer.self_attention.layer_norm, w, f"{p}.ln1")
            _set_linear(layer.self_attention.linear[0],
                        np.concatenate([w[f"{p}.sa.q.weight"], w[f"{p}.sa.k.weight"], w[f"{p}.sa.v.weight"]]),
                        np.concatenate([w[f"{p}.sa.q.bias"], w[f"{p}.sa.k.bias"], w[f"{p}.sa.v.bias"]]))
            _set_linear(layer.self_attention.linear[1], w[f"{p}.sa.o.weight"], w[f"{p}.sa.o.bias"])
            if side == "dec":
                _set_ln(layer.attention.layer_norm, w, f"{p}.ln2")
                _set_linear(layer.attention.linear[0], w[f"{p}.ca.q.weight"], w[f"{p}.ca.q.bias"])
                _set_linear(layer.attention.linear[1],
                            np.concatenate([w[f"{p}.ca.k.weight"], w[f"{p}.ca.v.weight"]]),
                            np.concatenate([w[f"{p}.ca.k.bias"], w[f"{p}.ca.v.bias"]]))
                _set_linear(layer.attention.linear[2], w[f"{p}.ca.o.weight"], w[f"{p}.ca.o.bias"])
            _set_ln(layer.ffn.layer_norm, w, f"{p}.ln3")
            _set_linear(layer.ffn.linear_0, w[f"{p}.ff1.weight"], w[f"{p}.ff1.bias"])
            _set_linear(layer.ffn.linear_1, w[f"{p}.ff2.weight"], w[f"{p}.ff2.bias"])
    _set_ln(enc.layer_norm, w, "enc.ln")
    _set_ln(dec.layer_norm, w, "dec.ln")
    _set_linear(dec.projection, w["emb"], w["proj.bias"])
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    return spec


def save_model(w: dict[str, np.ndarray], dims: Dims, vocab: list[str], out: Path, quantization: str | None) -> None:
    spec = make_spec({k: np.ascontiguousarray(v, dtype=np.float32) for k, v in w.items()}, dims, vocab)
    spec.validate()
    spec.optimize(quantization=quantization)
    out.mkdir(parents=True, exist_ok=True)
    spec.save(str(out))


# --- torch: the same network, trained ------------------------------------------------------------------

def _torch_model(dims: Dims, vocab_size: int) -> Any:
    import torch
    from torch import nn

    d, h = dims.d_model, dims.heads

    class Attention(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.q, self.k, self.v, self.o = (nn.Linear(d, d) for _ in range(4))

        def forward(self, x: Any, mem: Any, mask: Any) -> Any:
            b, t, _ = x.shape
            s = mem.shape[1]
            q = self.q(x).view(b, t, h, d // h).transpose(1, 2) / math.sqrt(d // h)
            k = self.k(mem).view(b, s, h, d // h).transpose(1, 2)
            v = self.v(mem).view(b, s, h, d // h).transpose(1, 2)
            att = (q @ k.transpose(-1, -2)).masked_fill(mask, float("-inf")).softmax(-1)
            return self.o((att @ v).transpose(1, 2).reshape(b, t, d))

    class Layer(nn.Module):
        def __init__(self, cross: bool) -> None:
            super().__init__()
            self.ln1, self.ln3 = nn.LayerNorm(d, eps=1e-6), nn.LayerNorm(d, eps=1e-6)
            self.sa = Attention()
            self.ff1, self.ff2 = nn.Linear(d, dims.ffn), nn.Linear(dims.ffn, d)
            if cross:
                self.ln2 = nn.LayerNorm(d, eps=1e-6)
                self.ca = Attention()

        def forward(self, x: Any, self_mask: Any, mem: Any = None, mem_mask: Any = None) -> Any:
            y = self.ln1(x)
            x = x + self.sa(y, y, self_mask)
            if mem is not None:
                x = x + self.ca(self.ln2(x), mem, mem_mask)
            return x + self.ff2(torch.relu(self.ff1(self.ln3(x))))

    class Model(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.emb = nn.Parameter(torch.randn(vocab_size, d) * d ** -0.5)
            self.pos = nn.Parameter(torch.randn(dims.max_len, d) * 0.1)
            self.enc = nn.ModuleList(Layer(False) for _ in range(dims.layers))
            self.dec = nn.ModuleList(Layer(True) for _ in range(dims.layers))
            self.enc_ln, self.dec_ln = nn.LayerNorm(d, eps=1e-6), nn.LayerNorm(d, eps=1e-6)
            self.proj_bias = nn.Parameter(torch.zeros(vocab_size))

        def embed(self, ids: Any) -> Any:
            return self.emb[ids] * math.sqrt(d) + self.pos[: ids.shape[1]]

        def forward(self, src: Any, src_pad: Any, tgt_in: Any) -> Any:
            x = self.embed(src)
            enc_mask = src_pad[:, None, None, :]
            for layer in self.enc:
                x = layer(x, enc_mask)
            mem = self.enc_ln(x)
            t = tgt_in.shape[1]
            causal = torch.triu(torch.ones(t, t, dtype=torch.bool), 1)[None, None]
            y = self.embed(tgt_in)
            for layer in self.dec:
                y = layer(y, causal, mem, enc_mask)
            return self.dec_ln(y) @ self.emb.T + self.proj_bias

    return Model()


def _export(model: Any) -> dict[str, np.ndarray]:
    w: dict[str, np.ndarray] = {}
    for name, tensor in model.state_dict().items():
        arr = tensor.detach().numpy().copy()
        key = name.replace("enc_ln", "enc.ln").replace("dec_ln", "dec.ln").replace("proj_bias", "proj.bias")
        w[key] = arr
    return w


def train_weights(pairs: Sequence[tuple[list[int], list[int]]], dims: Dims, vocab_size: int, bos: int, eos: int,
                  seed: int = 1, max_steps: int = 1500, lr: float = 5e-3,
                  margin: float = 2.0, forced: int = 0) -> dict[str, np.ndarray]:
    """Train until every gold token wins by `margin` logits under teacher forcing, so greedy decoding
    reproduces every pair even after int8 quantisation. The first `forced` target tokens are given at
    decoding time (a target-language token) and are not learnt."""
    import torch

    torch.manual_seed(seed)
    model = _torch_model(dims, vocab_size)
    n = len(pairs)
    s_len = max(len(s) for s, _ in pairs)
    t_len = max(len(t) for _, t in pairs) + 1
    src = torch.zeros(n, s_len, dtype=torch.long)
    pad = torch.ones(n, s_len, dtype=torch.bool)
    tgt_in = torch.full((n, t_len), eos, dtype=torch.long)
    tgt_out = torch.full((n, t_len), -100, dtype=torch.long)
    for i, (s, t) in enumerate(pairs):
        src[i, : len(s)] = torch.tensor(s)
        pad[i, : len(s)] = False
        tgt_in[i, : len(t) + 1] = torch.tensor([bos, *t])
        tgt_out[i, : len(t) + 1] = torch.tensor([*t, eos])
        tgt_out[i, :forced] = -100
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny matrices: one thread is several times faster than two
    try:
        opt = torch.optim.Adam(model.parameters(), lr=lr)
        for step in range(max_steps):
            logits = model(src, pad, tgt_in)
            if step % 10 == 9 and _min_margin(logits.detach(), tgt_out) > margin:
                break
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, vocab_size), tgt_out.reshape(-1))
            opt.zero_grad()
            loss.backward()
            opt.step()
    finally:
        torch.set_num_threads(threads)
    return _export(model)


def _min_margin(logits: Any, tgt_out: Any) -> float:
    import torch

    mask = tgt_out != -100
    gold = logits.gather(-1, tgt_out.clamp(min=0)[..., None])[..., 0]
    other = logits.scatter(-1, tgt_out.clamp(min=0)[..., None], float("-inf")).max(-1).values
    return float(torch.where(mask, gold - other, torch.tensor(1e9)).min())


def pack(model_dir: Path, sp_model: Path, from_code: str, to_code: str, version: str, out: Path,
         tokenizer_name: str = "sentencepiece.model") -> Path:
    """Zip a package the way argos publishes them: one top-level folder with metadata.json, model/, sentencepiece."""
    folder = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    metadata = {"package_version": version, "argos_version": "1.11", "from_code": from_code,
                "from_name": LANG_NAMES.get(from_code, from_code), "to_code": to_code,
                "to_name": LANG_NAMES.get(to_code, to_code), "type": "translate", "links": []}
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{folder}/metadata.json", json.dumps(metadata, indent=2))
        z.writestr(f"{folder}/README.md", f"Test package {from_code}->{to_code}, built by tests/argosbuild.py\n")
        z.write(sp_model, f"{folder}/{tokenizer_name}")
        for f in sorted(model_dir.iterdir()):
            z.write(f, f"{folder}/model/{f.name}")
    return out


def train_package(src_lang: str, tgt_lang: str, work: Path, sp_model: Path, version: str = "1.0",
                  dims: Dims | None = None) -> Path:
    """A tiny package that translates the test pairs from src_lang to tgt_lang exactly (greedy)."""
    import sentencepiece as spm

    dims = dims or Dims(layers=2, d_model=64, heads=4, ffn=128)
    sp = spm.SentencePieceProcessor(model_file=str(sp_model))
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    pairs = [(sp.encode(r[src_lang]), sp.encode(r[tgt_lang])) for r in load_pairs()]
    w = train_weights(pairs, dims, len(vocab), sp.bos_id(), sp.eos_id())
    model_dir = work / f"model-{src_lang}-{tgt_lang}"
    save_model(w, dims, vocab, model_dir, quantization=None)
    return pack(model_dir, sp_model, src_lang, tgt_lang, version, work / f"{src_lang}_{tgt_lang}.argosmodel")


def shared_sentencepiece(work: Path) -> Path:
    rows = load_pairs()
    lines = [r[lang] for r in rows for lang in LANG_COLUMNS]
    return train_sentencepiece(lines, work / "sp", vocab_size=400)


def random_package(work: Path, vocab_size: int = 32000, seed: int = 0, extra_text: Sequence[str] = ()) -> Path:
    """The real argos architecture with random int8 weights; output length is capped by the caller."""
    dims = Dims(layers=6, d_model=512, heads=8, ffn=2048, max_len=256)
    corpus_lines = _bench_corpus_lines(extra_text)
    sp_model = train_sentencepiece(corpus_lines, work / "sp-bench", vocab_size=vocab_size)
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(sp_model))
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    w = random_weights(dims, len(vocab), seed)
    model_dir = work / "model-bench"
    save_model(w, dims, vocab, model_dir, quantization="int8")
    return pack(model_dir, sp_model, "en", "pl", "9.9", work / "en_pl-bench.argosmodel")


def random_weights(dims: Dims, vocab_size: int, seed: int = 0) -> dict[str, np.ndarray]:
    """Random weights of the right shapes for `make_spec` (benchmarks: speed, not quality)."""
    rng = np.random.default_rng(seed)
    d, f, v = dims.d_model, dims.ffn, vocab_size

    def lin(o: int, i: int) -> np.ndarray:
        return rng.standard_normal((o, i), dtype=np.float32) * (i ** -0.5)

    w: dict[str, np.ndarray] = {"emb": lin(v, d), "pos": rng.standard_normal((dims.max_len, d), dtype=np.float32) * 0.1,
                                "proj.bias": np.zeros(v, np.float32)}
    for side in ("enc", "dec"):
        w[f"{side}.ln.weight"], w[f"{side}.ln.bias"] = np.ones(d, np.float32), np.zeros(d, np.float32)
        for i in range(dims.layers):
            p = f"{side}.{i}"
            for ln in ("ln1", "ln2", "ln3"):
                w[f"{p}.{ln}.weight"], w[f"{p}.{ln}.bias"] = np.ones(d, np.float32), np.zeros(d, np.float32)
            for att in ("sa", "ca"):
                for m in "qkvo":
                    w[f"{p}.{att}.{m}.weight"], w[f"{p}.{att}.{m}.bias"] = lin(d, d), np.zeros(d, np.float32)
            w[f"{p}.ff1.weight"], w[f"{p}.ff1.bias"] = lin(f, d), np.zeros(f, np.float32)
            w[f"{p}.ff2.weight"], w[f"{p}.ff2.bias"] = lin(d, f), np.zeros(d, np.float32)
    return w


def _bench_corpus_lines(extra: Sequence[str] = ()) -> list[str]:
    """Enough varied text for a 32k SentencePiece vocabulary: the test pairs, `extra`, and synthetic words."""
    rng = np.random.default_rng(7)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyząćęłńóśźżабвгдеёжзийклмнопрстуфхцчшщыьэюяіў"))
    rows = load_pairs()
    lines = [r[lang] for r in rows for lang in LANG_COLUMNS] + list(extra)
    words = ["".join(w) for w in letters[rng.integers(0, len(letters), size=(960000, 6))]]
    lines += [" ".join(words[i:i + 8]) for i in range(0, len(words), 8)]
    return lines


# --- other model kinds users bring ---------------------------------------------------------------------

def _moses(lang: str) -> tuple[Any, Any]:
    from sacremoses import MosesPunctNormalizer, MosesTokenizer

    return MosesPunctNormalizer(lang), MosesTokenizer(lang)


def bpe_package(src_lang: str, tgt_lang: str, work: Path, merges: int = 300, version: str = "1.0") -> Path:
    """An older-style argos package: Moses tokenisation + BPE codes in `bpe.model` (learnt by subword-nmt),
    a vocabulary of BPE tokens, the tiny transformer trained on them."""
    from subword_nmt.apply_bpe import BPE
    from subword_nmt.learn_bpe import learn_bpe

    rows = load_pairs()
    tokenized: dict[str, list[str]] = {}
    for lang in (src_lang, tgt_lang):
        norm, tok = _moses(lang)
        tokenized[lang] = [" ".join(tok.tokenize(norm.normalize(r[lang]))) for r in rows]
    work.mkdir(parents=True, exist_ok=True)
    codes = work / f"bpe-{src_lang}-{tgt_lang}.codes"
    import io

    corpus = io.StringIO("\n".join(tokenized[src_lang] + tokenized[tgt_lang]) + "\n")
    with codes.open("w", encoding="utf-8") as out:
        learn_bpe(corpus, out, merges, min_frequency=1)
    with codes.open(encoding="utf-8") as f:
        bpe = BPE(f)
    seg = {lang: [bpe.segment_tokens(line.split(" ")) for line in lines] for lang, lines in tokenized.items()}
    vocab = ["<unk>", "<s>", "</s>", *sorted({t for lines in seg.values() for line in lines for t in line})]
    ids = {t: i for i, t in enumerate(vocab)}
    pairs = [([ids[t] for t in s], [ids[t] for t in t_]) for s, t_ in zip(seg[src_lang], seg[tgt_lang], strict=True)]
    dims = Dims(layers=2, d_model=64, heads=4, ffn=128)
    w = train_weights(pairs, dims, len(vocab), bos=1, eos=2)
    model_dir = work / f"model-bpe-{src_lang}-{tgt_lang}"
    save_model(w, dims, vocab, model_dir, quantization=None)
    return pack(model_dir, codes, src_lang, tgt_lang, version, work / f"{src_lang}_{tgt_lang}-bpe.argosmodel",
                tokenizer_name="bpe.model")


def converted_model(work: Path, targets: Sequence[str] = ("pl", "ru"), *, source_prefix: str = "__en__",
                    separate_spm: bool = False) -> Path:
    """A CTranslate2 directory shaped like what ct2-transformers-converter writes for M2M-100 / NLLB
    (`sentencepiece.bpe.model`, language tokens) or, with `separate_spm`, OPUS-MT (`source.spm`,
    `target.spm`, one target language, no language tokens). Inputs end with </s>; targets start with the
    language token `__xx__` (multilingual). Trained so greedy decoding reproduces the test pairs."""
    import sentencepiece as spm

    rows = load_pairs()
    out = work / ("opus-mt-en-" + targets[0] if separate_spm else "m2m-tiny")
    out.mkdir(parents=True, exist_ok=True)
    if separate_spm:
        src_model = train_sentencepiece([r["en"] for r in rows], work / "spm-src", vocab_size=200)
        tgt_model = train_sentencepiece([r[targets[0]] for r in rows], work / "spm-tgt", vocab_size=200)
    else:
        src_model = tgt_model = shared_sentencepiece(work)
    sp_src = spm.SentencePieceProcessor(model_file=str(src_model))
    sp_tgt = spm.SentencePieceProcessor(model_file=str(tgt_model))
    lang_tokens = [] if separate_spm else [f"__{t}__" for t in targets]
    prefix = [source_prefix] if source_prefix and not separate_spm else []
    pieces = [sp_src.id_to_piece(i) for i in range(sp_src.get_piece_size())]
    pieces += [sp_tgt.id_to_piece(i) for i in range(sp_tgt.get_piece_size())]
    vocab = list(dict.fromkeys(["<unk>", "<s>", "</s>", *pieces, *prefix, *lang_tokens]))
    ids = {t: i for i, t in enumerate(vocab)}
    pairs = []
    for r in rows:
        for t in targets:
            src = [*prefix, *sp_src.encode(r["en"], out_type=str), "</s>"]
            tgt = [*([f"__{t}__"] if lang_tokens else []), *sp_tgt.encode(r[t], out_type=str)]
            pairs.append(([ids[x] for x in src], [ids[x] for x in tgt]))
    dims = Dims(layers=2, d_model=64, heads=4, ffn=128)
    w = train_weights(pairs, dims, len(vocab), bos=1, eos=2, forced=len(lang_tokens[:1]))
    save_model(w, dims, vocab, out, quantization=None)
    if separate_spm:
        (out / "source.spm").write_bytes(src_model.read_bytes())
        (out / "target.spm").write_bytes(tgt_model.read_bytes())
    else:
        (out / "sentencepiece.bpe.model").write_bytes(src_model.read_bytes())
    return out


def build_all(work: Path) -> dict[str, Path]:
    """The packages the tests use: en->pl, en->ru and ru->be (for the pivot), sharing one SentencePiece model."""
    work.mkdir(parents=True, exist_ok=True)
    sp_model = shared_sentencepiece(work)
    return {f"{s}-{t}": train_package(s, t, work, sp_model) for s, t in (("en", "pl"), ("en", "ru"), ("ru", "be"))}


if __name__ == "__main__":
    import sys
    import time

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
    t0 = time.perf_counter()
    print(build_all(target), f"{time.perf_counter() - t0:.1f}s")

