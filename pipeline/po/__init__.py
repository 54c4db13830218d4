"""The gettext core: every read, merge and write of a .po/.pot goes through this package.

model.py    what identifies a message, what counts as translated, the counts, the check path's entries
read.py     parse/load (polib underneath) and the fast read-only reader of `tolmach check`
write.py    a catalog as text and bytes
merge.py    update a catalog from its template with msgmerge semantics
fuzzy.py    msgmerge's fuzzy matching (the most similar old message)
template.py a document's template from its segments
layouts.py  where templates and catalogs live; which language a catalog is for
headers.py  Babel's standard header fields, Plural-Forms and plural rules, the charset
notes.py    the `#.` origin notes tolmach writes, and text made safe for a comment line
"""
