"""Run a benchmark against another checkout of deckgen (older code, say):

    DECKGEN_CODE=/path/to/checkout PYTHONPATH=benchmarks/oldcode python benchmarks/batch.py

An editable install puts its own checkout ahead of PYTHONPATH (its import finder comes before
the path), so PYTHONPATH alone measures the installed code on both sides. Python imports this
module at start-up in every process, batch workers included: it drops that finder and puts
DECKGEN_CODE first on the path.
"""

import os
import sys

_CODE = os.environ.get("DECKGEN_CODE")
if _CODE:
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
    sys.path.insert(0, _CODE)
