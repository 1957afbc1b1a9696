"""Whoosh segments written with numpy: the bulk writer and its parts.

Read in this order: `bulk` (BulkWriter: records in, one segment out), `tokens` (texts
as word numbers, each word's analysis as table rows), `runs` (a field's postings per
chunk on disk, merged back in term order), `w3` (Whoosh's W3 posting lists from
arrays), `lengths` (Whoosh's one-byte field lengths).
"""
