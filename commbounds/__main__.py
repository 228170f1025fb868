"""``python -m commbounds`` is the ``commbounds`` command."""

from .cli import main

raise SystemExit(main())
