"""Lower-bound exploration: certified exact optima on tiny instances, worst-case inputs, gap maps.

* :mod:`~commbounds.explore.certify` -- LPs solved with cvxpy (HiGHS) and proven in exact
  rational arithmetic from their rationalised duals;
* :mod:`~commbounds.explore.simultaneous` -- one-round simultaneous-message estimation games
  (randomised protocols = distributions over deterministic ones) by column generation;
* :mod:`~commbounds.explore.quantizer_lp` -- the best unbiased quantizer of a point set for a
  codebook; :mod:`~commbounds.explore.mutual_info` -- the exact maximum mutual information over
  ``r``-bit quantizers; :mod:`~commbounds.explore.equality` -- deterministic equality by exhaustion;
* :mod:`~commbounds.explore.instances` -- one exact instance per paper against its bounds;
* :mod:`~commbounds.explore.worst_case` -- inputs maximising a scheme's cost over its upper bound;
* :mod:`~commbounds.explore.gaps` -- upper/lower bound ratios over 2-D grids;
* :mod:`~commbounds.explore.runner` -- profiles, executors and store records
  (``commbounds explore lp|worst-case|gaps``).

>>> from commbounds import explore
>>> explore.SOLVER
'HIGHS'
"""

from .certify import SOLVER, solve_lp
from .runner import PROFILES, SECTIONS, format_rows, run, tasks_for

__all__ = ["SOLVER", "solve_lp", "run", "tasks_for", "PROFILES", "SECTIONS", "format_rows"]
