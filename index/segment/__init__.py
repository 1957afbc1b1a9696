"""Whoosh segments written with numpy: the bulk writer and its parts.

Read in this order: `bulk` (BulkWriter: records in, one segment out), `tokens` (texts
as word numbers, each word's analysis as table rows), `runs` (a field's postings per
chunk on disk, merged back in term order), `codec` (how Whoosh reads a segment's terms
and postings from the search arrays), `lengths` (Whoosh's one-byte field lengths).
"""
