"""Fits on what matters: purchase models on the distinct customer histories, the spend model on repeat buyers.

A purchase model's log-likelihood is a sum over customers of a term that depends only on ``(frequency,
recency, T)``; summing it over the distinct rows, each weighted by its number of customers, is the same sum.
So the fit never needs the customer table: a million customers have about a hundred thousand distinct rows
in days and a few thousand in weeks. The Gamma-Gamma spend model depends on each customer's mean spend, a
continuous value, so it is fitted on ``(frequency, monetary_value)`` of the repeat buyers (16 bytes each).
"""
from __future__ import annotations

from ..clv import BetaGeoModel, GammaGammaModel, ModifiedBetaGeoModel, ParetoNBDModel
from ..errors import DataValidationError

__all__ = ["PURCHASE_MODELS", "fit_purchases", "fit_spend"]

#: Purchase models by their short name (command line ``--model``).
PURCHASE_MODELS = {"bgnbd": BetaGeoModel, "mbgnbd": ModifiedBetaGeoModel, "paretonbd": ParetoNBDModel}


def purchase_model(name, **options):
    """A purchase model by its short name (``"bgnbd"``, ``"mbgnbd"``, ``"paretonbd"``)."""
    try:
        return PURCHASE_MODELS[name](**options)
    except KeyError:
        raise ValueError(f"model must be one of {', '.join(map(repr, PURCHASE_MODELS))}, got {name!r}.") from None


def fit_purchases(table, model="bgnbd", histories=None, **options):
    """Fit a purchase model on the distinct histories of a customer table.

    Parameters
    ----------
    table : CustomerTable
    model : str or clv model instance
        ``"bgnbd"``, ``"mbgnbd"``, ``"paretonbd"``, or a configured model (e.g. ``BetaGeoModel(penalizer=1e-3)``).
    histories : pandas.DataFrame, optional
        ``table.histories()`` when already at hand.
    **options
        Passed to the model's constructor when ``model`` is a name.

    Returns
    -------
    FitResult
        Exactly the fit on all customers (the same likelihood, summed in another order).
    """
    estimator = purchase_model(model, **options) if isinstance(model, str) else model
    return estimator.fit(table.histories() if histories is None else histories)


def fit_spend(table, **options):
    """Fit the Gamma-Gamma spend model on the repeat buyers of a customer table (which needs amounts)."""
    if "monetary_value" not in table.columns:
        raise DataValidationError("The customer table has no monetary_value: summarise the log with an amount column "
                                  "to fit a spend model.", column="monetary_value")
    return GammaGammaModel(**options).fit(table.repeat_spend())
