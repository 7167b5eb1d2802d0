"""Journey flows: how many journeys go from each touch to the next, and how they end, for a Sankey diagram.

A journey is a sequence of touches (channels) ending in a purchase or not (:func:`~.journeys.build_journeys`).
Its flows are read touch by touch: from the channel of touch k to the channel of touch k + 1, and from its last
touch to its outcome. Journeys longer than ``max_touches`` are followed for their first ``max_touches - 1``
touches; their remaining touches are grouped into one node, "later touches", before the outcome.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from ._checks import number
from .paths import as_path_table

__all__ = ["OUTCOMES", "journey_flows"]

#: Names of the two end nodes.
OUTCOMES = ("purchase", "no purchase")
LATER = "later touches"


def journey_flows(paths, segment=None, max_touches=4):
    """Journeys flowing between consecutive touches and into their outcome.

    Parameters
    ----------
    paths : Journeys, PathTable or pandas.DataFrame
        Journeys (a segment can then be chosen) or conversion paths (see
        :func:`~paynecrm_kernel.channels.paths.as_path_table`).
    segment : str, optional
        Only this segment's journeys (``paths`` must be journeys built with segments).
    max_touches : int, default 4
        Touches shown one by one (2 to 8); later touches are grouped.

    Returns
    -------
    pandas.DataFrame
        ``source_step, source, target_step, target, journeys, purchases``: one row per flow, where a step is
        the touch number (1, 2 ...), ``max_touches`` for "later touches" and ``max_touches + 1`` for an
        outcome; ``purchases`` counts the journeys of the flow that ended in a purchase. ``attrs``:
        ``journeys`` and ``purchases`` in all.
    """
    limit = number(max_touches, "max_touches", 2, 8, integer=True)
    if segment is not None:
        if not hasattr(paths, "path_table"):
            raise DataValidationError("A segment can only be chosen on journeys built with segments; pass the "
                                      "journeys from build_journeys(log, segments=...).", column="segment")
        table = paths.path_table(segment)
    else:
        table = as_path_table(paths)
    totals = {}
    for path, converted, lost in zip(table.paths, table.conversions, table.nulls):
        nodes = [(k + 1, table.channels[c]) for k, c in enumerate(path[:limit - 1])]
        if len(path) >= limit:
            nodes.append((limit, table.channels[path[limit - 1]] if len(path) == limit else LATER))
        for end, count in ((OUTCOMES[0], converted), (OUTCOMES[1], lost)):
            if count <= 0:
                continue
            for source, target in zip(nodes, nodes[1:] + [(limit + 1, end)]):
                entry = totals.setdefault((source, target), [0.0, 0.0])
                entry[0] += count
                entry[1] += count if end == OUTCOMES[0] else 0.0
    rows = [{"source_step": s[0], "source": s[1], "target_step": t[0], "target": t[1], "journeys": n,
             "purchases": p} for (s, t), (n, p) in totals.items()]
    out = pd.DataFrame(rows, columns=["source_step", "source", "target_step", "target", "journeys", "purchases"])
    out = out.sort_values(["source_step", "journeys"], ascending=[True, False], kind="stable").reset_index(drop=True)
    out[["journeys", "purchases"]] = out[["journeys", "purchases"]].astype(np.int64)
    out.attrs.update(journeys=int(round(table.total_journeys)), purchases=int(round(table.total_conversions)))
    return out
