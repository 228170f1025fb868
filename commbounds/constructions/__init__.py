"""Hard input families of the lower-bound proofs, and executable reductions.

>>> from commbounds import constructions
>>> inst = constructions.get("block-basis", n=4, d=100, C=40).sample(rng=0)
>>> inst.properties["F1"], inst.properties["F2"], inst.properties["s"]
(40.0, 40.0, 0.1)
"""

from .base import Construction, Instance
from .registry import available, construction_class, get, register

__all__ = ["Construction", "Instance", "available", "construction_class", "get", "register"]
