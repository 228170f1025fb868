"""The former address of korhonen2021's quantized gradient descent, which lives with the other
optimisation loops in :mod:`commbounds.optim.quantized_gd`; importing this module registers
the ``quantized-gd`` protocol with the others.

Examples
--------
>>> from commbounds.optim import quantized_gd as home
>>> QuantizedGD is home.QuantizedGD
True
"""

from ..optim.quantized_gd import MAX_ROUNDS, GDOutput, Output, Quadratic, QuantizedGD

__all__ = ["QuantizedGD", "Quadratic", "Output", "GDOutput", "MAX_ROUNDS"]
