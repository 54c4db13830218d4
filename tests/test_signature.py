"""One signature type: the PO header value and the cache key of every stage."""

from __future__ import annotations

import pytest

from pipeline.config import CleanupConfig
from pipeline.documents.cleanup import cleanup_signature
from pipeline.signature import Signature, digest, headers


def test_a_signature_reads_like_sacrebleus_and_parses_back() -> None:
    sig = Signature.of("MT", route="argos en→pl 1.9", beam=2, compute_type="int8")
    assert str(sig) == "route:argos en→pl 1.9|beam:2|compute-type:int8"
    assert sig.header == "X-Tolmach-MT"
    assert Signature.parse("MT", str(sig)) == sig
    assert sig["beam"] == "2"
    assert headers([sig]) == {"X-Tolmach-MT": str(sig)}


def test_the_cache_key_is_the_header_value_with_its_stage() -> None:
    sig = Signature.of("MT", route="x", glossary="sha256:abc")
    assert sig.key == f"MT|{sig}"
    assert Signature.of("Glossary", route="x", glossary="sha256:abc").key != sig.key


def test_a_stage_that_did_not_run_is_off() -> None:
    off = Signature.off("Cleanup")
    assert str(off) == "off" and Signature.parse("Cleanup", "off") == off


def test_a_value_cannot_break_the_format() -> None:
    with pytest.raises(ValueError):
        Signature.of("MT", route="a|b")
    with pytest.raises(ValueError):
        Signature.of("MT", route="a\nb")


def test_the_cleanup_signature_hashes_the_rules_not_their_count() -> None:
    one = cleanup_signature(CleanupConfig(boilerplate=("^top of page$",)))
    edited = cleanup_signature(CleanupConfig(boilerplate=("^top of the page$",)))
    assert one["boilerplate"] != edited["boilerplate"]
    assert one["boilerplate"].startswith("1 rules sha256:")
    assert str(cleanup_signature(CleanupConfig(enabled=False))) == "off"


def test_digest_depends_on_order_and_content() -> None:
    assert digest(["a", "b"]) != digest(["b", "a"])
    assert digest(["a", "b"]) == digest(["a", "b"])
    assert digest({"beam": 2}) != digest({"beam": 3})
