"""`python -m summaries render ANSWERS -o OUT.pdf`: see summaries/cli.py."""

from summaries.cli import main

raise SystemExit(main())
