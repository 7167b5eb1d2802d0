"""Conjoint study of the sample company: a sofa offer rated by customers with planted part-worths.

Design
------
Four attributes (``_params.CONJOINT_ATTRIBUTES``): price (3 levels), delivery speed (3), warranty (2) and
design (3). The 18 profiles cross the 9-run orthogonal array for three 3-level factors (price = i,
delivery = j, design = (i + j) mod 3) with the two warranty levels, so every pair of attributes is
balanced and all main effects are estimable (7 dummy-coded contrasts + intercept < 18 ratings).

Generative model
----------------
Each respondent belongs to one of three planted benefit segments (``CONJOINT_SEGMENTS``). Their
individual part-worth for every non-reference level is the segment's value plus N(0, 3) points, and each
rating (purchase likelihood 0-100) is ``intercept + sum of the profile's part-worths + N(0, 5)``,
rounded and clipped to 0-100. Reference levels (the first of each attribute) are worth 0. OLS with dummy
coding per respondent (Green & Srinivasan 1990) recovers the individual part-worths; clustering them
recovers the benefit segments.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import _params as P

__all__ = ["conjoint_design", "generate_conjoint"]


def conjoint_design():
    """Return the 18-profile design: ``profile_id`` and one column per attribute (level labels)."""
    attrs = P.CONJOINT_ATTRIBUTES
    rows = []
    for i in range(3):
        for j in range(3):
            for w in range(2):
                rows.append({"price": attrs["price"][i], "delivery": attrs["delivery"][j],
                             "warranty": attrs["warranty"][w], "design": attrs["design"][(i + j) % 3]})
    design = pd.DataFrame(rows)
    design.insert(0, "profile_id", np.arange(1, len(design) + 1, dtype="int64"))
    return design


def generate_conjoint(rng, customer_ids, n_respondents):
    """Draw respondents, their true part-worths and their ratings of every profile.

    Parameters
    ----------
    rng : numpy.random.Generator
    customer_ids : numpy.ndarray
        Customers to recruit respondents from (sampled without replacement when there are enough).
    n_respondents : int

    Returns
    -------
    ratings : pandas.DataFrame
        Long format: ``respondent_id, customer_id, benefit_segment, profile_id``, the four attributes and
        ``rating``.
    part_worths : pandas.DataFrame
        The true individual values: ``respondent_id, benefit_segment, intercept`` and one column
        ``"<attribute>=<level>"`` per level (reference levels 0).
    """
    design = conjoint_design()
    attrs = P.CONJOINT_ATTRIBUTES
    segs = list(P.CONJOINT_SEGMENTS)
    shares = np.array([P.CONJOINT_SEGMENTS[s]["share"] for s in segs])
    seg = np.asarray(segs)[rng.choice(len(segs), size=n_respondents, p=shares / shares.sum())]
    replace = len(customer_ids) < n_respondents
    recruited = rng.choice(np.asarray(customer_ids), size=n_respondents, replace=replace)

    columns = {"intercept": np.array([P.CONJOINT_SEGMENTS[s]["intercept"] for s in seg])}
    utility = np.repeat(columns["intercept"][:, None], len(design), axis=1)
    for attr, levels in attrs.items():
        for li, level in enumerate(levels):
            mean = np.array([P.CONJOINT_SEGMENTS[s]["part_worths"][attr][li] for s in seg])
            noise = rng.normal(0.0, P.CONJOINT_NOISE["part_worth_sd"], n_respondents) if li else 0.0
            worth = mean + noise
            columns[f"{attr}={level}"] = worth
            shown = (design[attr] == level).to_numpy()
            utility[:, shown] += worth[:, None]
    rating = np.clip(np.round(utility + rng.normal(0.0, P.CONJOINT_NOISE["rating_sd"], utility.shape)), 0, 100)

    respondent = np.arange(1, n_respondents + 1, dtype="int64")
    ratings = pd.DataFrame({
        "respondent_id": np.repeat(respondent, len(design)),
        "customer_id": np.repeat(recruited, len(design)),
        "benefit_segment": np.repeat(seg, len(design)),
        "profile_id": np.tile(design["profile_id"].to_numpy(), n_respondents),
    }).merge(design, on="profile_id", how="left", sort=False)
    ratings["rating"] = rating.reshape(-1).astype("int64")
    part_worths = pd.DataFrame({"respondent_id": respondent, "benefit_segment": seg, **columns})
    return ratings, part_worths
