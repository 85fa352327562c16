"""Where ``analyze`` runs: ``local`` (this process and one helper) or ``dask`` (Dask distributed:
a LocalCluster here, or an existing cluster). Every engine gives the same :class:`Analysis`.

The Dask engine lives in its own module, imported only when chosen, so that the commands that do
not use it never pay for importing Dask.
"""

from __future__ import annotations

ENGINES = ("local", "dask")


class EngineError(Exception):
    """An engine cannot run (no scheduler at the address, a worker cannot read an article).
    The message is one line, for the user."""
