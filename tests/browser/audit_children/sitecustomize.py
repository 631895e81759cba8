"""Loaded at start-up by the audited server's child processes (the PDF build workers, summaries/builds.py),
which find this folder first on PYTHONPATH: the same audit hook as the server, the same report at exit."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import audited_server

sys.path.pop(0)
audited_server.install()
