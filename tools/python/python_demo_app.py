"""ASGI entry point: Python coodie's own materialized-views demo (main.py of the coodie sdist,
unchanged) on the keyspace in $SCYLLA_KEYSPACE instead of its hardcoded "viewdemo".

    uvicorn python_demo_app:app --app-dir tools/python      (run_python_demo.sh does this)

The demo's models.py sets `Settings.keyspace = "viewdemo"` on its three classes and its
main.py passes $SCYLLA_KEYSPACE only to init_coodie (the connection's default keyspace,
which Settings.keyspace overrides). demo_models.load_models imports that models.py and sets
the one attribute on each class to $SCYLLA_KEYSPACE before main.py is imported; main.py then
finds the already-imported `models` module and uses it as is.
"""

from __future__ import annotations

import os

from demo_models import load_models

keyspace = os.environ.get("SCYLLA_KEYSPACE", "")
if not keyspace or keyspace == "viewdemo":
    raise SystemExit("python_demo_app: set SCYLLA_KEYSPACE to a keyspace of your own (not viewdemo)")
load_models(keyspace)

from main import app  # noqa: E402 - the demo's own FastAPI app, after the keyspace is set

__all__ = ["app"]
