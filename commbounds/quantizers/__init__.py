"""Bit-exact quantizers (one module per scheme) and multi-party protocols.

>>> from commbounds import quantizers
>>> "sar" in quantizers.available() and "sparse-dme" in quantizers.protocols()
True
"""

from .base import Message, Protocol, Quantized, Scheme, as_generator, validate_vectors
from .ledger import Ledger, Transcript
from .registry import available, get, protocol, protocols, register_protocol, register_scheme

__all__ = ["Message", "Protocol", "Quantized", "Scheme", "Ledger", "Transcript", "as_generator",
           "validate_vectors", "available", "get", "protocol", "protocols",
           "register_protocol", "register_scheme"]
