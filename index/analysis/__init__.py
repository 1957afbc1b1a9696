"""Dutch analysis: the token chain every text field goes through, at indexing and querying.

Read in this order: `fold` (lowercase, no diacritics), `decompound` (compound parts
against the shipped word list), `chain` (the tokenizer and filters, and the analyzers
the schema names), `memo` (the chain run once per distinct word), `formats` (Whoosh's
posting formats fed by the memoised analyzer: what the schema's text fields encode with).
"""
