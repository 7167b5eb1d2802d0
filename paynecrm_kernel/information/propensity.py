"""A purchase-propensity (and so churn) model, validated the way the churn tournament judged its entries.

Who will buy again in the next 13 weeks? Customers who will not are the ones drifting away (churn, in a
business without contracts). :func:`fit_propensity` builds each customer's history at a snapshot date
(recency, frequency, tenure, spend, recent contacts, segment), labels whether they bought in the 13 weeks
after it, fits a logistic regression (scikit-learn) on a training share of the customers and judges it on
the others:

* **gains and lift** by decile of predicted propensity, the **top-decile lift** and the **Gini
  coefficient** (2 AUC - 1): the measures of Neslin, Gupta, Kamakura, Lu & Mason (2006, *JMR* 43(2));
* **calibration**: predicted against observed rates (``sklearn.calibration.calibration_curve``) and the
  **Brier score**;
* a **profit-based cut-off**: contact a customer when the expected value of the contact exceeds its cost;
* **staying power**: the same fitted model scored at a later snapshot (Neslin et al. found that models keep
  their accuracy on data three months later).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from ..clv import summarize_transactions
from ..errors import DataValidationError

__all__ = ["PropensityModel", "customer_features", "fit_propensity", "gains_table", "profit_cutoff"]

WINDOW_WEEKS = 13
FEATURES = ("log_frequency", "weeks_since_last", "tenure_weeks", "log_spend", "recent_contacts")


def customer_features(transactions, snapshot, *, interactions=None, segments=None, window_weeks=WINDOW_WEEKS):
    """Each customer's history at ``snapshot`` and whether they bought in the following window.

    Parameters
    ----------
    transactions : pandas.DataFrame
        ``customer_id, date, amount``.
    snapshot : date-like
        Last day of the history the model may see.
    interactions : pandas.DataFrame, optional
        ``customer_id, timestamp``: contacts; counts those in the window before the snapshot.
    segments : pandas.Series, optional
        Segment by customer id (one-hot encoded).
    window_weeks : int
        Length of the outcome window after the snapshot, and of the contact window before it.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer (those acquired by the snapshot): the features and ``bought`` (0/1).
    """
    for column in ("customer_id", "date", "amount"):
        if column not in transactions.columns:
            raise DataValidationError(f"The transactions have no column {column!r}.", column=column)
    snapshot = pd.Timestamp(snapshot)
    end = snapshot + pd.Timedelta(weeks=window_weeks)
    if pd.Timestamp(transactions["date"].max()) < end - pd.Timedelta(days=7):
        raise DataValidationError(f"The transactions end on {pd.Timestamp(transactions['date'].max()).date()}, "
                                  f"before the {window_weeks}-week outcome window after {snapshot.date()} is over. "
                                  f"Fix: choose a snapshot at least {window_weeks} weeks before the last purchase.")
    seen = transactions[transactions["date"] < end + pd.Timedelta(days=1)]
    summary = summarize_transactions(seen, amount="amount", time_unit="W", calibration_end=snapshot,
                                     observation_end=end)
    frame = pd.DataFrame(index=summary.index)
    frame["log_frequency"] = np.log1p(summary["frequency"])
    frame["weeks_since_last"] = summary["T"] - summary["recency"]
    frame["tenure_weeks"] = summary["T"]
    frame["log_spend"] = np.log1p(summary["monetary_value"])
    contacts = pd.Series(0.0, index=summary.index)
    if interactions is not None:
        recent = interactions[(interactions["timestamp"] > snapshot - pd.Timedelta(weeks=window_weeks))
                              & (interactions["timestamp"] <= snapshot + pd.Timedelta(days=1))]
        contacts = recent.groupby("customer_id").size().reindex(summary.index, fill_value=0).astype(float)
    frame["recent_contacts"] = contacts
    if segments is not None:
        dummies = pd.get_dummies(segments.reindex(summary.index), prefix="segment", dtype=float)
        frame = frame.join(dummies)
    frame["bought"] = (summary["frequency_holdout"] > 0).astype(int)
    return frame


def gains_table(bought, propensity, n_bins=10):
    """Gains and lift by decile (1 = the highest predicted propensity).

    Returns
    -------
    pandas.DataFrame
        ``customers, buyers, rate, lift, cumulative_share_of_buyers, cumulative_lift`` per decile.
    """
    bought = np.asarray(bought, dtype=float)
    order = np.argsort(-np.asarray(propensity, dtype=float), kind="stable")
    deciles = np.empty(len(order), dtype=int)
    deciles[order] = np.arange(len(order)) * n_bins // len(order) + 1
    table = pd.DataFrame({"decile": deciles, "bought": bought}).groupby("decile").agg(
        customers=("bought", "size"), buyers=("bought", "sum"))
    base = bought.mean()
    table["rate"] = table["buyers"] / table["customers"]
    table["lift"] = table["rate"] / base
    table["cumulative_share_of_buyers"] = table["buyers"].cumsum() / bought.sum()
    table["cumulative_lift"] = (table["buyers"].cumsum() / table["customers"].cumsum()) / base
    return table


def profit_cutoff(propensity, value_if_bought, cost_per_contact, bought=None):
    """Contact customers whose expected value beats the contact cost; profit by depth of targeting.

    Parameters
    ----------
    propensity : array-like
        Predicted probability of buying.
    value_if_bought : float
        Margin earned when a contacted customer buys.
    cost_per_contact : float
    bought : array-like, optional
        Actual outcomes; adds the realised profit.

    Returns
    -------
    cutoff : float
        Contact when propensity >= ``cost_per_contact / value_if_bought``.
    table : pandas.DataFrame
        Contacting the top 10 %, 20 %, ... 100 %: ``customers``, ``expected_profit`` (and
        ``realised_profit``).
    """
    if not value_if_bought > 0 or not cost_per_contact >= 0:
        raise DataValidationError("value_if_bought must be positive and cost_per_contact non-negative, got "
                                  f"{value_if_bought!r} and {cost_per_contact!r}.")
    p = np.asarray(propensity, dtype=float)
    order = np.argsort(-p, kind="stable")
    rows = []
    for share in np.arange(1, 11) / 10:
        top = order[: int(round(share * len(p)))]
        row = {"share_contacted": share, "customers": len(top),
               "expected_profit": float((p[top] * value_if_bought - cost_per_contact).sum())}
        if bought is not None:
            row["realised_profit"] = float((np.asarray(bought)[top] * value_if_bought - cost_per_contact).sum())
        rows.append(row)
    return cost_per_contact / value_if_bought, pd.DataFrame(rows).set_index("share_contacted")


@dataclass(frozen=True)
class PropensityModel:
    """A fitted propensity model and its validation.

    Attributes
    ----------
    pipeline : sklearn.pipeline.Pipeline
    features : list of str
    test : pandas.DataFrame
        Held-out customers: features, ``bought`` and ``propensity``.
    snapshot : pandas.Timestamp
    window_weeks : int
    """

    pipeline: object = field(repr=False)
    features: list
    test: pd.DataFrame = field(repr=False)
    snapshot: pd.Timestamp
    window_weeks: int = WINDOW_WEEKS

    def evaluate(self, frame=None, n_bins=10):
        """Top-decile lift, Gini, Brier score, base rate, the gains table and the calibration curve.

        Parameters
        ----------
        frame : pandas.DataFrame, optional
            Customers with the features and ``bought`` (e.g. from a later snapshot); the held-out test
            customers by default.
        """
        from sklearn.calibration import calibration_curve
        from sklearn.metrics import brier_score_loss, roc_auc_score

        frame = self.test if frame is None else frame
        missing = [f for f in self.features if f not in frame.columns]
        if missing:
            raise DataValidationError(f"The customers lack the model's feature(s) {missing}.", column=missing[0])
        p = self.pipeline.predict_proba(frame[self.features].to_numpy(dtype=float))[:, 1]
        y = frame["bought"].to_numpy()
        gains = gains_table(y, p, n_bins)
        observed, predicted = calibration_curve(y, p, n_bins=n_bins, strategy="quantile")
        return {"top_decile_lift": float(gains["lift"].iloc[0]), "gini": float(2 * roc_auc_score(y, p) - 1),
                "brier": float(brier_score_loss(y, p)), "base_rate": float(y.mean()), "customers": len(y),
                "gains": gains, "calibration": pd.DataFrame({"predicted": predicted, "observed": observed})}

    def profit_cutoff(self, value_if_bought, cost_per_contact):
        """:func:`profit_cutoff` on the held-out customers, with their realised profit."""
        p = self.pipeline.predict_proba(self.test[self.features].to_numpy(dtype=float))[:, 1]
        return profit_cutoff(p, value_if_bought, cost_per_contact, bought=self.test["bought"].to_numpy())

    def staying_power(self, later):
        """The model's measures on the test customers and on a later snapshot, side by side."""
        now, then = self.evaluate(), self.evaluate(later)
        keys = ("customers", "base_rate", "top_decile_lift", "gini", "brier")
        return pd.DataFrame({"validation": [now[k] for k in keys], "later period": [then[k] for k in keys]},
                            index=list(keys))


def fit_propensity(features, *, test_size=0.3, seed=0, snapshot=None):
    """Fit a logistic regression of ``bought`` on the features and hold out customers for validation.

    Parameters
    ----------
    features : pandas.DataFrame
        From :func:`customer_features`.
    test_size : float
        Share of customers held out.
    seed : int

    Returns
    -------
    PropensityModel
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if "bought" not in features.columns or len(features) < 50:
        raise DataValidationError("fit_propensity needs the output of customer_features (a 'bought' column) for "
                                  "at least 50 customers.", column="bought")
    y = features["bought"].to_numpy()
    if y.min() == y.max():
        raise DataValidationError("Every customer has the same outcome, so there is nothing to predict. Fix: "
                                  "choose another snapshot or a longer window.", column="bought")
    names = [c for c in features.columns if c != "bought"]
    train, test = train_test_split(features, test_size=test_size, random_state=seed, stratify=y)
    pipeline = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    pipeline.fit(train[names].to_numpy(dtype=float), train["bought"].to_numpy())
    return PropensityModel(pipeline=pipeline, features=names, test=test, snapshot=pd.Timestamp(snapshot)
                           if snapshot is not None else pd.NaT)
