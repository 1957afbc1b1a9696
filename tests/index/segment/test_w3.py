"""W3 posting lists from arrays (index.segment.w3) against Whoosh's own W3PostingsWriter.

The same postings go through both; Whoosh's matcher then reads each back and must
see the same ids, weights, values and block statistics, and the term infos must
say the same. Lists span several blocks, ids jump past 65,535, weights are all
1.0, all equal or all different, and some position lists are long enough for
pickle to write their items in several batches.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from whoosh import formats
from whoosh.codec.whoosh3 import W3Codec, W3TermInfo
from whoosh.filedb.structfile import StructFile
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length

from index.segment import w3
from index.segment.runs import Postings

COUNTS = [1, 127, 128, 129, 300, 2]
FORMATS = {
    w3.EXISTENCE: formats.Existence(field_boost=1.0),
    w3.FREQUENCY: formats.Frequency(field_boost=1.2),
    w3.POSITIONS: formats.Positions(field_boost=1.5),
}


def _postings(kind: str, rng: np.random.Generator) -> Postings:
    docs, freqs, positions = [], [], []
    for count in COUNTS:
        gaps = rng.choice([1, 2, 300, 70_000], size=count, p=[0.6, 0.2, 0.15, 0.05])
        docs.extend(np.cumsum(gaps).tolist())
        for _ in range(count):
            n = 1 if kind != w3.POSITIONS else int(rng.choice([1, 2, 3, 999, 1000, 1001, 2500]))
            n = n if kind != w3.FREQUENCY else int(rng.integers(1, 6))
            freqs.append(n)
            if kind == w3.POSITIONS:
                steps = rng.choice([0, 1, 7, 400, 70_000], size=n, p=[0.05, 0.6, 0.2, 0.1, 0.05])
                positions.extend(np.cumsum(steps).tolist())
    counts = np.array(COUNTS, dtype=np.int64)
    freqs_array = np.array(freqs, dtype=np.int32)
    boost = FORMATS[kind].field_boost
    weights = freqs_array * boost
    if kind == w3.FREQUENCY:  # one term with all weights 1.0, one with all the same
        weights[: COUNTS[0] + COUNTS[1]] = 1.0
        weights[COUNTS[0] + COUNTS[1] : sum(COUNTS[:3])] = 2.4
    return Postings(
        terms=np.arange(len(COUNTS), dtype=np.int64),
        counts=counts,
        docs=np.array(docs, dtype=np.int32),
        freqs=freqs_array,
        weights=weights.astype(np.float64),
        positions=np.array(positions, dtype=np.int32) if kind == w3.POSITIONS else None,
    )


def _whoosh_lists(postings: Postings, kind: str, lengths: np.ndarray) -> tuple[bytes, list]:
    """The same postings through Whoosh's writer, as its field writer would send them."""
    out = StructFile(io.BytesIO())
    writer = W3Codec().postings_writer(out)
    fmt = FORMATS[kind]
    infos, start, position_start = [], 0, 0
    for count in postings.counts.tolist():
        writer.start_postings(fmt, W3TermInfo())
        for i in range(start, start + count):
            if kind == w3.POSITIONS:
                n = int(postings.freqs[i])
                found = postings.positions[position_start : position_start + n].tolist()
                value = fmt.encode(found)
                position_start += n
            else:
                value = pack_uint(int(postings.freqs[i])) if kind == w3.FREQUENCY else b""
            length = byte_to_length(int(lengths[postings.docs[i]])) or None
            writer.add_posting(int(postings.docs[i]), float(postings.weights[i]), value, length)
        infos.append(writer.finish_postings())
        start += count
    return out.file.getvalue(), infos


def _read(data: bytes, info: W3TermInfo, kind: str) -> list[tuple]:
    """What Whoosh's reader sees: a block list's matcher, or a ListMatcher when inlined."""
    matcher = W3Codec().postings_reader(StructFile(io.BytesIO(data)), info, FORMATS[kind])
    seen = []
    while matcher.is_active():
        block = (
            # An inlined list is one block (ListMatcher has no block_max_id).
            matcher.block_max_id() if hasattr(matcher, "block_max_id") else info.max_id(),
            # A block's header keeps the highest weight unrounded, an inlined list's is
            # the highest of its weights, which are float32 in both.
            np.float32(matcher.block_max_weight()),
            matcher.block_min_length(),
            matcher.block_max_length(),
        )
        seen.append((matcher.id(), matcher.weight(), matcher.value(), block))
        matcher.next()
    return seen


@pytest.mark.parametrize("kind", sorted(FORMATS))
@pytest.mark.parametrize("with_lengths", [True, False])
@pytest.mark.parametrize("inline_limit", [0, 2, w3.BLOCK_LIMIT])
def test_lists_read_back_as_whoosh_s_own(kind: str, with_lengths: bool, inline_limit: int) -> None:
    """Block lists and inlined ones (none, the two short terms, every term of one block)
    read back as what Whoosh's writer wrote in blocks."""
    rng = np.random.default_rng(7)
    postings = _postings(kind, rng)
    size = int(postings.docs.max()) + 1
    lengths = rng.integers(1, 256, size=size).astype(np.uint8) if with_lengths else None
    lengths = lengths if lengths is not None else np.zeros(size, dtype=np.uint8)
    theirs, their_infos = _whoosh_lists(postings, kind, lengths)
    offset = 1_000  # the lists need not start the file: term infos point at them
    mine = w3.posting_lists(postings, kind, lengths, offset, inline_limit)
    data = b"\0" * offset + mine.data
    assert len(mine.infos) == len(COUNTS)
    for count, packed, theirs_info in zip(COUNTS, mine.infos, their_infos, strict=True):
        info = W3TermInfo.from_bytes(packed)
        assert info.is_inlined() == (count <= inline_limit)
        assert _read(data, info, kind) == _read(theirs, theirs_info, kind)
        expected = W3TermInfo.from_bytes(theirs_info.to_bytes())
        for name in ("weight", "doc_frequency", "min_length", "max_length", "max_weight"):
            assert getattr(info, name)() == getattr(expected, name)(), name
        assert (info.min_id(), info.max_id()) == (expected.min_id(), expected.max_id())
    # The lists lie end to end (Whoosh's from_bytes reads the length as a 1-tuple).
    listed = [W3TermInfo.from_bytes(packed) for packed in mine.infos]
    offset, (length,) = [info for info in listed if not info.is_inlined()][-1].extent()
    assert offset + length == len(data)


def test_position_values_are_byte_for_byte_whoosh_s() -> None:
    rng = np.random.default_rng(3)
    postings = _postings(w3.POSITIONS, rng)
    lengths = np.ones(int(postings.docs.max()) + 1, dtype=np.uint8)
    mine = w3.posting_lists(postings, w3.POSITIONS, lengths, 0, inline_limit=2)
    encode = FORMATS[w3.POSITIONS].encode
    values = [
        value
        for packed in mine.infos
        for _, _, value, _ in _read(mine.data, W3TermInfo.from_bytes(packed), w3.POSITIONS)
    ]
    bounds = np.cumsum(postings.freqs) - postings.freqs
    expected = [
        encode(postings.positions[b : b + n].tolist())
        for b, n in zip(bounds.tolist(), postings.freqs.tolist(), strict=True)
    ]
    assert values == expected
    assert max(postings.freqs) > 2_000  # pickle's batches of 1,000 were written


def test_ids_beyond_what_w3_can_hold_are_refused() -> None:
    postings = Postings(
        terms=np.array([0]),
        counts=np.array([1]),
        docs=np.array([2**31], dtype=np.int64),
        freqs=np.array([1], dtype=np.int32),
        weights=np.ones(1),
    )
    with pytest.raises(ValueError, match="2\\*\\*31"):
        w3.posting_lists(postings, w3.EXISTENCE, np.zeros(2**31 + 1, dtype=np.uint8)[:0], 0)
