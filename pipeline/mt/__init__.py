"""Machine-translation drafts: packages on disk, routes per language, engines, protection, cache, catalogs.

Nothing here imports argostranslate, CTranslate2 or SentencePiece at module level: `tolmach check` and
`tolmach models list` run without the [mt] extra.
"""
