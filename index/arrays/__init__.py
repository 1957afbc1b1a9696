"""The search arrays: every searched and filter field's postings as flat numpy arrays.

The engine answers every query from these (search.evaluate); Whoosh's segments hold
the stored records and the lexicon. Read `postings` (format, writer, reader) first.
"""
