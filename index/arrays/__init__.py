"""The search arrays: every searched and filter field's postings as flat numpy arrays.

The engine answers every query from these (search.evaluate); Whoosh's segments hold
the stored records and the lexicon. Read in this order: `format` (the layout on disk,
its version and the check on opening), `write` (a part, from the bulk writer's merge),
`read` (all parts of a generation as one view per field), `update` (the meta of a build
or an update, small parts merged).
"""
