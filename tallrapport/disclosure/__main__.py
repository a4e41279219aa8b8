"""``python -m tallrapport.disclosure``: see :mod:`tallrapport.disclosure.cli`."""

from tallrapport.disclosure.cli import main

raise SystemExit(main())
