"""`tolmach serve`: the LibreTranslate HTTP API over tolmach's own drafts, for Weblate and other clients.

    service.py   what is offered (languages, routes: the planner `tolmach mt` uses) and the drafts, made by
                 `drafts.cached_drafts` exactly as `tolmach mt` makes them (glossary, post-editing, cache)
    texts.py     a request text cut into the sentences MT sees (the project's segmenter; HTML through the
                 HTML reader's placeholders) and put back together
    batching.py  the queue between requests and engines: what arrives together reaches a model as one batch
    app.py       the HTTP API (Starlette): LibreTranslate's fields, answers and error shapes, keys, limits
    server.py    uvicorn on a socket, logs on stderr (counts, routes, times; never the texts), SIGTERM

Only `tolmach serve` imports this package; the [serve] extra (Starlette, uvicorn) is needed by app.py and
server.py alone.
"""
