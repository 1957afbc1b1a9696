"""The search arrays: every searched and filter field's lexicon and postings as flat numpy arrays.

The engine answers every query from these (search.evaluate), and Whoosh reads its terms
and postings from them too (index.segment.codec); Whoosh's segments hold the stored
records. Read in this order: `format` (the layout on disk, its version and the check on
opening), `lexicon` (a field's terms and their lookup), `write` (a part, from the bulk
writer's merge), `read` (all parts of a generation as one view per field), `update` (the
meta of a build or an update, small parts merged).
"""
