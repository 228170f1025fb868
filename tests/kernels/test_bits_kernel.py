"""Compiled packed fields write the same bits as the bit-by-bit definition."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds.coding import BitReader, BitWriter
from commbounds.errors import InvalidInputError


@pytest.mark.parametrize("width", [1, 3, 13, 63, 64])
def test_packed_fields_match_the_definition_and_round_trip(width):
    rng = np.random.default_rng(width)
    top = 2**width - 1
    v = rng.integers(0, top, size=200, dtype=np.uint64, endpoint=True)
    v[0] = top
    w = BitWriter()
    w.write_uints(v, width)
    payload, n = w.getvalue()
    ref = "".join(format(int(x), f"0{width}b") for x in v)
    assert n == 200 * width and "".join(map(str, np.unpackbits(np.frombuffer(payload, np.uint8))[:n])) == ref
    out = BitReader(payload, n).read_uints(200, width)
    np.testing.assert_array_equal(out.astype(np.uint64), v)
    assert out.dtype == (np.uint64 if width == 64 else np.int64)


def test_a_value_too_wide_is_refused():
    with pytest.raises(InvalidInputError, match="fit"):
        BitWriter().write_uints(np.array([1, 8]), 3)
