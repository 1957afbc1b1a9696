"""Whoosh W3 posting lists and term infos, written from arrays.

The W3 codec (whoosh.codec.whoosh3 of Whoosh-Reloaded 2.7.5, pinned) stores a
term's postings as the tag ``W3Bl`` and blocks of at most 128 postings: a 4-byte
length (negative for the last block), a pickled info tuple (count, last id,
highest weight, compression, shortest and longest field length as bytes), and
the zlib-compressed pickle of (delta-coded ids, weights, values). Whoosh's
writer builds each of these one posting at a time in Python. Here the pickles
of all blocks of a range of terms are laid out at once with numpy, and Python
only compresses and frames each block.

The pickles use plain opcodes that any unpickler reads (ints, doubles, bytes,
tuples; no memo); a Positions value is byte for byte what
``Positions.encode`` writes, a pickle of protocol 2 behind its 4-byte count.
tests/index/test_w3.py reads what this writes through Whoosh's own matchers.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from whoosh.system import pack_int

from index.ranges import concatenated_ranges
from index.segment.runs import Postings

BLOCK_LIMIT = 128  # W3Codec's blocklimit
COMPRESSION = 3  # W3Codec's compression level
MAGIC = b"W3Bl"
# Whoosh's formats by what a posting's value holds.
EXISTENCE, FREQUENCY, POSITIONS = "existence", "frequency", "positions"
APPENDS_BATCH = 1000  # pickle writes a list's items in batches of this many

_TERMINFO = np.dtype(
    [
        ("flags", "u1"),
        ("weight", ">f4"),
        ("df", ">u4"),
        ("minlength", "u1"),
        ("maxlength", "u1"),
        ("maxweight", ">f4"),
        ("minid", ">u4"),
        ("maxid", ">u4"),
        ("offset", ">i8"),
        ("length", ">i4"),
    ]
)
_MARK, _TUPLE, _STOP, _NONE, _FLOAT = b"(", b"t", b".", b"N", b"G"
_SHORT_BYTES, _BYTES, _APPEND, _APPENDS = b"C", b"B", b"a", b"e"
_LIST_HEAD = np.frombuffer(b"\x80\x02]q\x00", dtype=np.uint8)  # PROTO 2, EMPTY_LIST, BINPUT 0


def _put(out: np.ndarray, offsets: np.ndarray, opcode: bytes) -> None:
    out[offsets] = opcode[0]


def _int_widths(values: np.ndarray) -> np.ndarray:
    """Bytes of each int as pickle writes it: BININT1, BININT2 or BININT (opcode included)."""
    return np.where(values < 0x100, 2, np.where(values < 0x10000, 3, 5)).astype(np.int64)


def _put_ints(out: np.ndarray, offsets: np.ndarray, values: np.ndarray, widths: np.ndarray) -> None:
    if len(values) and (values.min() < 0 or values.max() >= 2**31):
        raise ValueError("W3 ids and positions must be between 0 and 2**31")
    out[offsets] = np.where(widths == 2, ord("K"), np.where(widths == 3, ord("M"), ord("J")))
    for byte in range(4):
        wide = widths > byte + 1
        out[offsets[wide] + 1 + byte] = (values[wide] >> (8 * byte)) & 0xFF


def _put_bytes(out: np.ndarray, offsets: np.ndarray, raw: np.ndarray, width: int) -> None:
    """Rows of `raw` (one `width`-byte row per offset) written at `offsets`."""
    out[(offsets[:, None] + np.arange(width)).ravel()] = raw.reshape(-1)


def _put_bytes_header(out: np.ndarray, offsets: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """SHORT_BINBYTES (size < 256) or BINBYTES opcodes; returns each header's width."""
    short = sizes < 0x100
    out[offsets] = np.where(short, _SHORT_BYTES[0], _BYTES[0])
    out[offsets[short] + 1] = sizes[short]
    long_offsets, long_sizes = offsets[~short], sizes[~short]
    for byte in range(4):
        out[long_offsets + 1 + byte] = (long_sizes >> (8 * byte)) & 0xFF
    return np.where(short, 2, 5).astype(np.int64)


def _within(widths: np.ndarray, group_starts: np.ndarray, group_sizes: np.ndarray) -> np.ndarray:
    """Each item's offset from the start of its group, for items laid end to end."""
    before = np.cumsum(widths) - widths
    return before - np.repeat(before[group_starts], group_sizes)


def _sums(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    if not len(values):
        return np.zeros(len(starts), dtype=np.int64)
    return np.add.reduceat(values, starts)


def _position_values(freqs: np.ndarray, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every posting's ``Positions.encode`` bytes, end to end, and their sizes."""
    counts = freqs.astype(np.int64)
    first = np.cumsum(counts) - counts
    deltas = positions.astype(np.int64)
    deltas[1:] -= positions[:-1]
    deltas[first] = positions[first]
    widths = _int_widths(deltas)
    index_in_posting = np.arange(len(deltas)) - np.repeat(first, counts)
    batches = (counts + APPENDS_BATCH - 1) // APPENDS_BATCH
    one = counts == 1
    items = _sums(widths, first)
    # count, PROTO + EMPTY_LIST + BINPUT, then APPEND or MARK…APPENDS per batch, STOP
    sizes = 4 + 5 + np.where(one, items + 1, items + 2 * batches) + 1
    out = np.zeros(int(sizes.sum()), dtype=np.uint8)
    starts = np.cumsum(sizes) - sizes
    _put_bytes(out, starts, counts.astype(">u4").view(np.uint8), 4)
    _put_bytes(out, starts + 4, np.tile(_LIST_HEAD, len(counts)), 5)
    body = np.repeat(starts + 9 + np.where(one, 0, 1), counts)  # after the first MARK
    item_offsets = body + _within(widths, first, counts) + 2 * (index_in_posting // APPENDS_BATCH)
    _put_ints(out, item_offsets, deltas, widths)
    restart = (index_in_posting > 0) & (index_in_posting % APPENDS_BATCH == 0)
    _put(out, item_offsets[restart] - 2, _APPENDS)
    _put(out, item_offsets[restart] - 1, _MARK)
    _put(out, starts[~one] + 9, _MARK)
    _put(out, (starts + sizes - 2)[~one], _APPENDS)
    _put(out, (starts + sizes - 2)[one], _APPEND)
    _put(out, starts + sizes - 1, _STOP)
    return out, sizes


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
    def of(cls, counts: np.ndarray) -> _Blocks:
        per_term = (counts + BLOCK_LIMIT - 1) // BLOCK_LIMIT
        term = np.repeat(np.arange(len(counts)), per_term)
        index = np.arange(len(term)) - np.repeat(np.cumsum(per_term) - per_term, per_term)
        start = (np.cumsum(counts) - counts)[term] + BLOCK_LIMIT * index
        size = np.minimum(BLOCK_LIMIT, counts[term] - BLOCK_LIMIT * index)
        return cls(term, start, size, index == 0, index == per_term[term] - 1)

    def index_in_block(self) -> np.ndarray:
        """Each posting's place within its block."""
        return np.arange(int(self.size.sum())) - np.repeat(self.start, self.size)


@dataclass
class _Section:
    """One part of every block's pickle: its size per block, and how to write it there."""

    sizes: np.ndarray
    write: Callable[[np.ndarray, np.ndarray], None]  # (buffer, where each block's part starts)


def _id_section(postings: Postings, blocks: _Blocks) -> _Section:
    """MARK, the block's ids delta-coded from 0, TUPLE."""
    docs = postings.docs.astype(np.int64)
    ids = docs.copy()
    ids[1:] -= docs[:-1]
    ids[blocks.start] = docs[blocks.start]
    widths = _int_widths(ids)
    sizes = 2 + _sums(widths, blocks.start)

    def write(out: np.ndarray, at: np.ndarray) -> None:
        _put(out, at, _MARK)
        offsets = np.repeat(at + 1, blocks.size) + _within(widths, blocks.start, blocks.size)
        _put_ints(out, offsets, ids, widths)
        _put(out, at + sizes - 1, _TUPLE)

    return _Section(sizes, write)


def _weight_section(postings: Postings, blocks: _Blocks) -> _Section:
    """None when every weight is 1.0, one float when all are equal, else a tuple of them."""
    weights = postings.weights.astype(np.float32)  # what Whoosh's array("f") holds
    low = np.minimum.reduceat(weights, blocks.start)
    high = np.maximum.reduceat(weights, blocks.start)
    all_one, all_same = (low == 1.0) & (high == 1.0), low == high
    single, several = all_same & ~all_one, ~all_same
    sizes = np.where(all_one, 1, np.where(all_same, 9, 2 + 9 * blocks.size))

    def write(out: np.ndarray, at: np.ndarray) -> None:
        _put(out, at[all_one], _NONE)
        _put(out, at[single], _FLOAT)
        _put_bytes(out, at[single] + 1, low[single].astype(">f8").view(np.uint8), 8)
        _put(out, at[several], _MARK)
        listed = np.repeat(several, blocks.size)
        items = np.repeat(at + 1, blocks.size) + 9 * blocks.index_in_block()
        _put(out, items[listed], _FLOAT)
        _put_bytes(out, items[listed] + 1, weights[listed].astype(">f8").view(np.uint8), 8)
        _put(out, (at + sizes - 1)[several], _TUPLE)

    return _Section(sizes, write)


def _value_section(postings: Postings, blocks: _Blocks, kind: str) -> _Section:
    """None (Existence), the 4-byte frequencies as one bytes (Frequency), or a tuple of
    each posting's Positions value."""
    if kind == EXISTENCE:
        return _Section(
            np.ones(len(blocks.start), dtype=np.int64), lambda out, at: _put(out, at, _NONE)
        )
    if kind == FREQUENCY:
        payload = 4 * blocks.size

        def write_frequencies(out: np.ndarray, at: np.ndarray) -> None:
            header = _put_bytes_header(out, at, payload)
            offsets = np.repeat(at + header, blocks.size) + 4 * blocks.index_in_block()
            _put_bytes(out, offsets, postings.freqs.astype(">u4").view(np.uint8), 4)

        return _Section(np.where(payload < 0x100, 2, 5) + payload, write_frequencies)
    values, value_sizes = _position_values(postings.freqs, postings.positions)
    headers = np.where(value_sizes < 0x100, 2, 5)
    sizes = 2 + _sums(headers + value_sizes, blocks.start)

    def write_positions(out: np.ndarray, at: np.ndarray) -> None:
        _put(out, at, _MARK)
        within = _within(headers + value_sizes, blocks.start, blocks.size)
        value_at = np.repeat(at + 1, blocks.size) + within
        _put_bytes_header(out, value_at, value_sizes)
        out[concatenated_ranges(value_at + headers, value_sizes)] = values
        _put(out, at + sizes - 1, _TUPLE)

    return _Section(sizes, write_positions)


def _block_pickles(postings: Postings, blocks: _Blocks, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """The uncompressed data pickle of every block, end to end, and each one's size:
    PROTO 4, MARK, ids, weights, values, TUPLE, STOP."""
    sections = [
        _id_section(postings, blocks),
        _weight_section(postings, blocks),
        _value_section(postings, blocks, kind),
    ]
    sizes = 3 + sum(section.sizes for section in sections) + 2
    out = np.zeros(int(sizes.sum()), dtype=np.uint8)
    start = np.cumsum(sizes) - sizes
    out[start], out[start + 1] = 0x80, 4
    _put(out, start + 2, _MARK)
    at = start + 3
    for section in sections:
        section.write(out, at)
        at = at + section.sizes
    _put(out, at, _TUPLE)
    _put(out, at + 1, _STOP)
    return out, sizes


def posting_lists(postings: Postings, kind: str, lengths: np.ndarray, offset: int) -> TermLists:
    """The W3 posting lists of a range of terms, to be written at `offset` of the .pst file.

    `lengths` holds the field's length byte per document (zeros for a field
    without lengths), from which blocks and term infos take their shortest and
    longest field.
    """
    blocks = _Blocks.of(postings.counts)
    data, sizes = _block_pickles(postings, blocks, kind)
    doc_lengths = lengths[postings.docs]
    weights = postings.weights
    info = zip(
        blocks.size.tolist(),
        postings.docs[blocks.start + blocks.size - 1].tolist(),
        np.maximum.reduceat(weights, blocks.start).tolist(),
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
    infos = _term_infos(postings, doc_lengths, offset, np.asarray(term_sizes, dtype=np.int64))
    return TermLists(b"".join(pieces), infos)


def _term_infos(
    postings: Postings, doc_lengths: np.ndarray, offset: int, sizes: np.ndarray
) -> list[bytes]:
    """W3TermInfo bytes per term; `doc_lengths`: each posting's field length byte."""
    starts = np.cumsum(postings.counts) - postings.counts
    rows = np.zeros(len(starts), dtype=_TERMINFO)
    # Whoosh sums the block's float32 weights as Python floats: exact for these values.
    rows["weight"] = np.add.reduceat(postings.weights.astype(np.float32).astype(np.float64), starts)
    rows["df"] = postings.counts
    rows["minlength"] = np.minimum.reduceat(doc_lengths, starts)
    rows["maxlength"] = np.maximum.reduceat(doc_lengths, starts)
    rows["maxweight"] = np.maximum.reduceat(postings.weights, starts)
    rows["minid"] = postings.docs[starts]
    rows["maxid"] = postings.docs[starts + postings.counts - 1]
    rows["offset"] = offset + np.cumsum(sizes) - sizes
    rows["length"] = sizes
    raw = rows.tobytes()
    width = _TERMINFO.itemsize
    return [raw[i : i + width] for i in range(0, len(raw), width)]
