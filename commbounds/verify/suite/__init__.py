"""The suite: one module per paper (plus generated checks over every registry).

Adding a check for a new scheme is one small module here: decorate a function
``fn(params, rng, trials) -> Outcome`` with :func:`commbounds.verify.check`.
"""
