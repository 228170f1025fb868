"""The one float codec: exact round trips, big-endian IEEE-754 bits, counted widths."""

import struct

import numpy as np
import pytest

from commbounds.coding import (
    BitReader,
    BitWriter,
    read_float,
    read_floats,
    write_float,
    write_floats,
)
from commbounds.errors import DecodeError, InvalidInputError

VALUES = [0.0, -0.0, 1.0, -2.5, 1e-300, 5e-324, 1.7976931348623157e308, np.pi]


def _payload(fn, *args):
    w = BitWriter()
    fn(w, *args)
    return w.getvalue()


@pytest.mark.parametrize("x", VALUES)
def test_a_float64_field_is_its_big_endian_ieee_bits(x):
    payload, nbits = _payload(write_float, x)
    assert nbits == 64 and payload == struct.pack(">d", x)
    got = read_float(BitReader(payload, nbits))
    assert struct.pack(">d", got) == struct.pack(">d", x)


@pytest.mark.parametrize(("width", "fmt"), [(32, ">f"), (16, ">e")])
def test_narrow_fields_round_to_their_width_and_cost_exactly_it(width, fmt):
    vals = np.array([0.1, -3.75, 1000.0])
    payload, nbits = _payload(write_floats, vals, width)
    assert nbits == 3 * width
    assert payload == b"".join(struct.pack(fmt, float(v)) for v in vals)
    got = read_floats(BitReader(payload, nbits), 3, width)
    assert got.dtype == np.float64
    assert got.tolist() == [struct.unpack(fmt, struct.pack(fmt, float(v)))[0] for v in vals]


def test_an_array_keeps_its_order_and_an_inf_is_refused_only_when_asked():
    vals = [1.0, np.inf, -2.0]
    payload, nbits = _payload(write_floats, vals)
    assert read_floats(BitReader(payload, nbits), 3).tolist() == vals
    with pytest.raises(DecodeError, match="not finite"):
        read_floats(BitReader(payload, nbits), 3, finite=True)


def test_a_width_outside_16_32_64_is_refused():
    with pytest.raises(InvalidInputError, match="16, 32 or 64"):
        write_float(BitWriter(), 1.0, width=8)
