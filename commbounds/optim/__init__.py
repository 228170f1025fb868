"""Optimisation loops that consume any oracle and any quantizer.

- :func:`projected_sgd` -- projected stochastic subgradient descent (mayekar2020, p >= 2);
- :func:`mirror_descent` -- stochastic mirror descent with the mirror map
  ``||x||_{p'}^2/(p'-1)`` (mayekar2020, p in [1, 2));
- :func:`ef_sgd` -- distributed SGD with error compensation (barnes2020 Algorithm 1) on
  small synthetic least-squares / logistic-regression models;
- :class:`QuantizedGD` -- korhonen2021's two-stage quantized gradient descent, a protocol
  registered as ``quantized-gd`` (also importable from ``commbounds.quantizers.quantized_gd``).

>>> from commbounds import optim
>>> sorted(n for n in optim.__all__ if not n[0].isupper())[:3]
['ef_sgd', 'least_squares', 'logistic_regression']
"""

from .ef_sgd import EFSGDResult, FiniteSumProblem, ef_sgd, least_squares, logistic_regression
from .mirror_descent import mirror_descent
from .quantized_gd import QuantizedGD
from .sgd import OptimResult, project_box, project_l2_ball, projected_sgd

__all__ = ["EFSGDResult", "FiniteSumProblem", "OptimResult", "ef_sgd", "least_squares",
           "logistic_regression", "mirror_descent", "project_box", "project_l2_ball",
           "projected_sgd", "QuantizedGD"]
