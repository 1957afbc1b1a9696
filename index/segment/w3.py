"""Whoosh W3 posting lists and term infos, written from arrays.

The W3 codec (whoosh.codec.whoosh3 of Whoosh-Reloaded 2.7.5, pinned) stores a
term's postings as the tag ``W3Bl`` and blocks of at most 128 postings: a 4-byte
length (negative for the last block), a pickled info tuple (count, last id,
highest weight, compression, shortest and longest field length as bytes), and
the zlib-compressed pickle of (delta-coded ids, weights, values). Whoosh's
writer builds each of these one posting at a time in Python. Here the pickles
of all blocks of a range of terms are laid out at once with numpy, and Python
only compresses and frames each block.

A term of at most `INLINE_LIMIT` postings has no block at all: its term info
carries them inlined (``W3TermInfo.is_inlined``), a pickle of (ids, weights,
values), which Whoosh's reader wraps in a ListMatcher. Most terms of the Dutch
vocabulary occur in one or two records, and a block costs each of them its
framing, a zlib stream and a pointer into the posting file: inlined, a build
writes a fifth fewer bytes and compresses a stream per frequent term only.

The pickles use plain opcodes that any unpickler reads (index.segment.pickles).
tests/index/segment/test_w3.py reads what this writes through Whoosh's own matchers.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from whoosh.system import pack_int

from index.ranges import concatenated_ranges, offsets_of
from index.segment.pickles import (
    FLOAT,
    MARK,
    NONE,
    STOP,
    TUPLE,
    int_widths,
    position_values,
    put,
    put_bytes,
    put_bytes_header,
    put_ints,
    sums,
    within,
)
from index.segment.runs import Postings

BLOCK_LIMIT = 128  # W3Codec's blocklimit
COMPRESSION = 3  # W3Codec's compression level
MAGIC = b"W3Bl"
# Terms with at most this many postings are inlined into their term info. The segment
# at 20,000 questions (BENCHMARKS.md): none 114.1 MB, 1: 97.6, 2: 95.6, 4: 95.1, 8: 95.7,
# 16: 97.0, 128: 104 (a longer list pickled whole is larger than in zlib-ed blocks).
INLINE_LIMIT = 4
# Whoosh's formats by what a posting's value holds.
EXISTENCE, FREQUENCY, POSITIONS = "existence", "frequency", "positions"

# W3TermInfo's fixed part ("!BfIBBfII"), then an extent or the inlined pickle.
_HEADER = np.dtype(
    [
        ("flags", "u1"),
        ("weight", ">f4"),
        ("df", ">u4"),
        ("minlength", "u1"),
        ("maxlength", "u1"),
        ("maxweight", ">f4"),
        ("minid", ">u4"),
        ("maxid", ">u4"),
    ]
)
_EXTENT = np.dtype([("offset", ">i8"), ("length", ">i4")])


@dataclass
class TermLists:
    """What a range of terms' posting lists came to: their bytes and their term infos."""

    data: bytes
    infos: list[bytes]  # W3TermInfo.to_bytes() per term, offsets already absolute


@dataclass
class _Blocks:
    """Where each block of a range starts among the postings, and how long it is."""

    term: np.ndarray
    start: np.ndarray
    size: np.ndarray
    first: np.ndarray  # the first block of its term
    last: np.ndarray  # the last block of its term

    @classmethod
    def of(cls, counts: np.ndarray, limit: int = BLOCK_LIMIT) -> _Blocks:
        per_term = (counts + limit - 1) // limit
        term = np.repeat(np.arange(len(counts)), per_term)
        index = np.arange(len(term)) - np.repeat(np.cumsum(per_term) - per_term, per_term)
        start = (np.cumsum(counts) - counts)[term] + limit * index
        size = np.minimum(limit, counts[term] - limit * index)
        return cls(term, start, size, index == 0, index == per_term[term] - 1)

    @classmethod
    def whole(cls, counts: np.ndarray) -> _Blocks:
        """One "block" per term, all its postings: what an inlined term pickles."""
        return cls.of(counts, max(int(counts.max(initial=0)), 1))

    def index_in_block(self) -> np.ndarray:
        """Each posting's place within its block."""
        return np.arange(int(self.size.sum())) - np.repeat(self.start, self.size)


@dataclass
class _Section:
    """One part of every block's pickle: its size per block, and how to write it there."""

    sizes: np.ndarray
    write: Callable[[np.ndarray, np.ndarray], None]  # (buffer, where each block's part starts)


def _tuple_section(item_widths: np.ndarray, blocks: _Blocks, write_items: Callable) -> _Section:
    """MARK, each posting's item, TUPLE; `write_items(out, offsets)` writes the items."""
    sizes = 2 + sums(item_widths, blocks.start)

    def write(out: np.ndarray, at: np.ndarray) -> None:
        put(out, at, MARK)
        write_items(
            out, np.repeat(at + 1, blocks.size) + within(item_widths, blocks.start, blocks.size)
        )
        put(out, at + sizes - 1, TUPLE)

    return _Section(sizes, write)


def _id_section(postings: Postings, blocks: _Blocks, delta: bool) -> _Section:
    """The block's ids, delta-coded from 0 in a block (`delta`), as they are when inlined."""
    ids = postings.docs.astype(np.int64)
    if delta:
        ids[1:] -= postings.docs[:-1]
        ids[blocks.start] = postings.docs[blocks.start]
    widths = int_widths(ids)
    return _tuple_section(widths, blocks, lambda out, at: put_ints(out, at, ids, widths))


def _weight_section(postings: Postings, blocks: _Blocks) -> _Section:
    """None when every weight is 1.0, one float when all are equal, else a tuple of them."""
    weights = postings.weights.astype(np.float32)  # what Whoosh's array("f") holds
    low = np.minimum.reduceat(weights, blocks.start)
    high = np.maximum.reduceat(weights, blocks.start)
    all_one, all_same = (low == 1.0) & (high == 1.0), low == high
    single, several = all_same & ~all_one, ~all_same
    sizes = np.where(all_one, 1, np.where(all_same, 9, 2 + 9 * blocks.size))

    def write(out: np.ndarray, at: np.ndarray) -> None:
        put(out, at[all_one], NONE)
        put(out, at[single], FLOAT)
        put_bytes(out, at[single] + 1, low[single].astype(">f8").view(np.uint8), 8)
        put(out, at[several], MARK)
        listed = np.repeat(several, blocks.size)
        items = np.repeat(at + 1, blocks.size) + 9 * blocks.index_in_block()
        put(out, items[listed], FLOAT)
        put_bytes(out, items[listed] + 1, weights[listed].astype(">f8").view(np.uint8), 8)
        put(out, (at + sizes - 1)[several], TUPLE)

    return _Section(sizes, write)


def _weight_tuple_section(postings: Postings, blocks: _Blocks) -> _Section:
    """Every weight as an item: a whole one as an int (what it equals, in two or three
    bytes), any other as the double of its float32 (what a block's reader returns)."""
    weights = postings.weights.astype(np.float32).astype(np.float64)
    whole = (weights == np.floor(weights)) & (weights >= 0) & (weights < 0x10000)
    as_int = np.where(whole, weights, 0).astype(np.int64)
    widths = np.where(whole, int_widths(as_int), 9)

    def write_items(out: np.ndarray, at: np.ndarray) -> None:
        put_ints(out, at[whole], as_int[whole], widths[whole])
        put(out, at[~whole], FLOAT)
        put_bytes(out, at[~whole] + 1, weights[~whole].astype(">f8").view(np.uint8), 8)

    return _tuple_section(widths, blocks, write_items)


def _value_section(postings: Postings, blocks: _Blocks, kind: str, inlined: bool) -> _Section:
    """Existence: None (a tuple of Nones inlined). Frequency: the 4-byte frequencies as
    one bytes (a tuple of them inlined). Positions: a tuple of each posting's value."""
    if kind == EXISTENCE and not inlined:
        return _Section(
            np.ones(len(blocks.start), dtype=np.int64), lambda out, at: put(out, at, NONE)
        )
    if kind == EXISTENCE:
        ones = np.ones(len(postings.docs), dtype=np.int64)
        return _tuple_section(ones, blocks, lambda out, at: put(out, at, NONE))
    if kind == FREQUENCY and inlined:
        frequencies = postings.freqs.astype(">u4").view(np.uint8)

        def write_frequencies(out: np.ndarray, at: np.ndarray) -> None:
            put_bytes_header(out, at, np.full(len(at), 4))
            put_bytes(out, at + 2, frequencies, 4)

        return _tuple_section(np.full(len(postings.docs), 6), blocks, write_frequencies)
    if kind == FREQUENCY:
        payload = 4 * blocks.size

        def write_joined(out: np.ndarray, at: np.ndarray) -> None:
            header = put_bytes_header(out, at, payload)
            offsets = np.repeat(at + header, blocks.size) + 4 * blocks.index_in_block()
            put_bytes(out, offsets, postings.freqs.astype(">u4").view(np.uint8), 4)

        return _Section(np.where(payload < 0x100, 2, 5) + payload, write_joined)
    values, value_sizes = position_values(postings.freqs, postings.positions)
    headers = np.where(value_sizes < 0x100, 2, 5)

    def write_positions(out: np.ndarray, at: np.ndarray) -> None:
        put_bytes_header(out, at, value_sizes)
        out[concatenated_ranges(at + headers, value_sizes)] = values

    return _tuple_section(headers + value_sizes, blocks, write_positions)


def _pickles(sections: list[_Section], protocol: int) -> tuple[np.ndarray, np.ndarray]:
    """One pickle per block, end to end, and each one's size: PROTO, MARK, the sections,
    TUPLE, STOP."""
    sizes = 3 + sum(section.sizes for section in sections) + 2
    out = np.zeros(int(sizes.sum()), dtype=np.uint8)
    start = np.cumsum(sizes) - sizes
    out[start], out[start + 1] = 0x80, protocol
    put(out, start + 2, MARK)
    at = start + 3
    for section in sections:
        section.write(out, at)
        at = at + section.sizes
    put(out, at, TUPLE)
    put(out, at + 1, STOP)
    return out, sizes


def _block_pickles(postings: Postings, blocks: _Blocks, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """The uncompressed data pickle of every block (protocol 4, as W3 writes it)."""
    sections = [
        _id_section(postings, blocks, delta=True),
        _weight_section(postings, blocks),
        _value_section(postings, blocks, kind, inlined=False),
    ]
    return _pickles(sections, 4)


def _inlined_pickles(postings: Postings, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """Per term the pickle of (ids, weights, values) that W3TermInfo.from_bytes loads."""
    if not len(postings.counts):
        return np.zeros(0, dtype=np.uint8), np.zeros(0, dtype=np.int64)
    blocks = _Blocks.whole(postings.counts)
    sections = [
        _id_section(postings, blocks, delta=False),
        _weight_tuple_section(postings, blocks),
        _value_section(postings, blocks, kind, inlined=True),
    ]
    return _pickles(sections, 2)


def _terms(postings: Postings, chosen: np.ndarray) -> Postings:
    """The postings of the `chosen` terms (a mask over the range's terms)."""
    rows = concatenated_ranges(offsets_of(postings.counts)[:-1][chosen], postings.counts[chosen])
    positions = postings.positions
    if positions is not None:
        starts = offsets_of(postings.freqs.astype(np.int64))[:-1]
        positions = positions[concatenated_ranges(starts[rows], postings.freqs[rows])]
    return Postings(
        postings.terms[chosen],
        postings.counts[chosen],
        postings.docs[rows],
        postings.freqs[rows],
        postings.weights[rows],
        positions,
    )


def posting_lists(
    postings: Postings,
    kind: str,
    lengths: np.ndarray,
    offset: int,
    inline_limit: int = INLINE_LIMIT,
) -> TermLists:
    """The W3 posting lists of a range of terms, to be written at `offset` of the .pst file.

    `lengths` holds the field's length byte per document (zeros for a field
    without lengths), from which blocks and term infos take their shortest and
    longest field. Terms of at most `inline_limit` postings are inlined.
    """
    inlined = postings.counts <= inline_limit
    listed = _terms(postings, ~inlined)
    data, list_sizes = _block_lists(listed, kind, lengths)
    inline_pickles, inline_sizes = _inlined_pickles(_terms(postings, inlined), kind)
    headers = _term_headers(postings, lengths[postings.docs])
    headers["flags"] = inlined
    extents = np.zeros(len(list_sizes), dtype=_EXTENT)
    extents["offset"] = offset + np.cumsum(list_sizes) - list_sizes
    extents["length"] = list_sizes
    tails = np.full(len(inlined), _EXTENT.itemsize, dtype=np.int64)
    tails[inlined] = inline_sizes
    sizes = _HEADER.itemsize + tails
    raw = np.zeros(int(sizes.sum()), dtype=np.uint8)
    starts = np.cumsum(sizes) - sizes
    put_bytes(raw, starts, headers.view(np.uint8), _HEADER.itemsize)
    put_bytes(raw, starts[~inlined] + _HEADER.itemsize, extents.view(np.uint8), _EXTENT.itemsize)
    raw[concatenated_ranges(starts[inlined] + _HEADER.itemsize, inline_sizes)] = inline_pickles
    packed = raw.tobytes()
    ends = (starts + sizes).tolist()
    return TermLists(data, [packed[a:b] for a, b in zip(starts.tolist(), ends, strict=True)])


def _block_lists(postings: Postings, kind: str, lengths: np.ndarray) -> tuple[bytes, np.ndarray]:
    """Every term's blocks, framed and compressed, end to end; and each term's size."""
    if not len(postings.counts):
        return b"", np.zeros(0, dtype=np.int64)
    blocks = _Blocks.of(postings.counts)
    data, sizes = _block_pickles(postings, blocks, kind)
    doc_lengths = lengths[postings.docs]
    info = zip(
        blocks.size.tolist(),
        postings.docs[blocks.start + blocks.size - 1].tolist(),
        np.maximum.reduceat(postings.weights, blocks.start).tolist(),
        np.minimum.reduceat(doc_lengths, blocks.start).tolist(),
        np.maximum.reduceat(doc_lengths, blocks.start).tolist(),
        strict=True,
    )
    view = memoryview(data)
    pieces: list[bytes] = []
    term_sizes = [0] * len(postings.counts)
    ends = np.cumsum(sizes)
    framing = zip(
        blocks.term.tolist(),
        blocks.first.tolist(),
        blocks.last.tolist(),
        (ends - sizes).tolist(),
        ends.tolist(),
        strict=True,
    )
    for (term, first, last, begin, end), (count, last_id, top, shortest, longest) in zip(
        framing, info, strict=True
    ):
        if first:
            pieces.append(MAGIC)
            term_sizes[term] += len(MAGIC)
        packed = zlib.compress(view[begin:end], COMPRESSION)
        header = pickle.dumps((count, last_id, top, COMPRESSION, shortest, longest), 2)
        length = len(header) + len(packed)
        pieces += [pack_int(-length if last else length), header, packed]
        term_sizes[term] += 4 + length
    return b"".join(pieces), np.asarray(term_sizes, dtype=np.int64)


def _term_headers(postings: Postings, doc_lengths: np.ndarray) -> np.ndarray:
    """W3TermInfo's fixed part per term; `doc_lengths`: each posting's field length byte."""
    starts = np.cumsum(postings.counts) - postings.counts
    rows = np.zeros(len(starts), dtype=_HEADER)
    if not len(starts):
        return rows
    # Whoosh sums the block's float32 weights as Python floats: exact for these values.
    rows["weight"] = np.add.reduceat(postings.weights.astype(np.float32).astype(np.float64), starts)
    rows["df"] = postings.counts
    rows["minlength"] = np.minimum.reduceat(doc_lengths, starts)
    rows["maxlength"] = np.maximum.reduceat(doc_lengths, starts)
    rows["maxweight"] = np.maximum.reduceat(postings.weights, starts)
    rows["minid"] = postings.docs[starts]
    rows["maxid"] = postings.docs[starts + postings.counts - 1]
    return rows
