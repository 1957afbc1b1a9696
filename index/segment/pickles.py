"""Pickles laid out with numpy: the opcodes of ints, doubles, bytes and tuples, written at
many offsets of one buffer at once (no memo, plain opcodes any unpickler reads).

index.segment.w3 lays out Whoosh's posting blocks and inlined term infos with these; a
Positions value is byte for byte what ``Positions.encode`` writes.
"""

from __future__ import annotations

import numpy as np

APPENDS_BATCH = 1000  # pickle writes a list's items in batches of this many

MARK, TUPLE, STOP, NONE, FLOAT = b"(", b"t", b".", b"N", b"G"
SHORT_BYTES, BYTES, APPEND, APPENDS = b"C", b"B", b"a", b"e"
LIST_HEAD = np.frombuffer(b"\x80\x02]q\x00", dtype=np.uint8)  # PROTO 2, EMPTY_LIST, BINPUT 0


def put(out: np.ndarray, offsets: np.ndarray, opcode: bytes) -> None:
    out[offsets] = opcode[0]


def int_widths(values: np.ndarray) -> np.ndarray:
    """Bytes of each int as pickle writes it: BININT1, BININT2 or BININT (opcode included)."""
    return np.where(values < 0x100, 2, np.where(values < 0x10000, 3, 5)).astype(np.int64)


def put_ints(out: np.ndarray, offsets: np.ndarray, values: np.ndarray, widths: np.ndarray) -> None:
    if len(values) and (values.min() < 0 or values.max() >= 2**31):
        raise ValueError("W3 ids and positions must be between 0 and 2**31")
    out[offsets] = np.where(widths == 2, ord("K"), np.where(widths == 3, ord("M"), ord("J")))
    for byte in range(4):
        wide = widths > byte + 1
        out[offsets[wide] + 1 + byte] = (values[wide] >> (8 * byte)) & 0xFF


def put_bytes(out: np.ndarray, offsets: np.ndarray, raw: np.ndarray, width: int) -> None:
    """Rows of `raw` (one `width`-byte row per offset) written at `offsets`."""
    out[(offsets[:, None] + np.arange(width)).ravel()] = raw.reshape(-1)


def put_bytes_header(out: np.ndarray, offsets: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """SHORT_BINBYTES (size < 256) or BINBYTES opcodes; returns each header's width."""
    short = sizes < 0x100
    out[offsets] = np.where(short, SHORT_BYTES[0], BYTES[0])
    out[offsets[short] + 1] = sizes[short]
    long_offsets, long_sizes = offsets[~short], sizes[~short]
    for byte in range(4):
        out[long_offsets + 1 + byte] = (long_sizes >> (8 * byte)) & 0xFF
    return np.where(short, 2, 5).astype(np.int64)


def within(widths: np.ndarray, group_starts: np.ndarray, group_sizes: np.ndarray) -> np.ndarray:
    """Each item's offset from the start of its group, for items laid end to end."""
    before = np.cumsum(widths) - widths
    return before - np.repeat(before[group_starts], group_sizes)


def sums(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    if not len(values):
        return np.zeros(len(starts), dtype=np.int64)
    return np.add.reduceat(values, starts)


def position_values(freqs: np.ndarray, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every posting's ``Positions.encode`` bytes, end to end, and their sizes."""
    counts = freqs.astype(np.int64)
    first = np.cumsum(counts) - counts
    deltas = positions.astype(np.int64)
    deltas[1:] -= positions[:-1]
    deltas[first] = positions[first]
    widths = int_widths(deltas)
    index_in_posting = np.arange(len(deltas)) - np.repeat(first, counts)
    batches = (counts + APPENDS_BATCH - 1) // APPENDS_BATCH
    one = counts == 1
    items = sums(widths, first)
    # count, PROTO + EMPTY_LIST + BINPUT, then APPEND or MARK…APPENDS per batch, STOP
    sizes = 4 + 5 + np.where(one, items + 1, items + 2 * batches) + 1
    out = np.zeros(int(sizes.sum()), dtype=np.uint8)
    starts = np.cumsum(sizes) - sizes
    put_bytes(out, starts, counts.astype(">u4").view(np.uint8), 4)
    put_bytes(out, starts + 4, np.tile(LIST_HEAD, len(counts)), 5)
    body = np.repeat(starts + 9 + np.where(one, 0, 1), counts)  # after the first MARK
    item_offsets = body + within(widths, first, counts) + 2 * (index_in_posting // APPENDS_BATCH)
    put_ints(out, item_offsets, deltas, widths)
    restart = (index_in_posting > 0) & (index_in_posting % APPENDS_BATCH == 0)
    put(out, item_offsets[restart] - 2, APPENDS)
    put(out, item_offsets[restart] - 1, MARK)
    put(out, starts[~one] + 9, MARK)
    put(out, (starts + sizes - 2)[~one], APPENDS)
    put(out, (starts + sizes - 2)[one], APPEND)
    put(out, starts + sizes - 1, STOP)
    return out, sizes
