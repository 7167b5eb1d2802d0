"""Keys of the workshop: the group's answers brought into the workbook (:func:`paynecrm_kernel.workshop.to_workbook`).

Each question's summary is a dict with ``question_id``, ``kind`` and ``n`` (participants and teams who answered)
plus the fields its meaning names.
"""
from ..schema import Field, Json, ListOf, Number, Text

_C = "workshop"
_SUMMARY = Json(256_000)

FIELDS = [
    Field('workshop.participants', Number(0, 100_000, integer=True), _C,
          'Participants and teams who joined.'),
    Field('workshop.teams', ListOf(Text(40), 1_000), _C,
          'Team names given when joining, sorted.'),
    Field('workshop.overview.continuum', _SUMMARY, _C,
          'Continuum positions (1-3): n, mean, sd, low, high (95 % t-interval) and markers [{position, team}].'),
    Field('workshop.overview.matrix', _SUMMARY, _C,
          'Strategy-matrix places: markers [{x, y, quadrant, team}], quadrants {name: count}, x and y {n, mean, sd, low, high} (0-1).'),
    Field('workshop.overview.maturity', _SUMMARY, _C,
          'Maturity stages (0-5): n, mean, sd, low, high, counts per stage, stage_labels, criteria {id: share of participants ticking it}.'),
    Field('workshop.overview.readiness', _SUMMARY, _C,
          'Barrier severities 1-5: items [{key, label, n, mean, sd, low, high, counts}].'),
    Field('workshop.strategy.five_forces', _SUMMARY, _C,
          'Five-force ratings 1-5: items as for readiness.'),
    Field('workshop.strategy.granularity', _SUMMARY, _C,
          'Segment-granularity votes: options [{key, label, votes, share, low, high}] (95 % Wilson intervals).'),
    Field('workshop.strategy.ideas', _SUMMARY, _C,
          'Ideas: n_ideas, groups [{label, ideas}].'),
    Field('workshop.value.conjoint', _SUMMARY, _C,
          'Pooled conjoint part-worths (0-10 rating points): status, n, n_ratings, design (fingerprint), rsquared, cov_type, part_worths [{attribute, level, part_worth, std_err}], importances {attribute: %}.'),
    Field('workshop.channels.migration', _SUMMARY, _C,
          'Channel to move mass-market after-sales to: options as for granularity.'),
    Field('workshop.information.data_quality', _SUMMARY, _C,
          'Data-quality dimension that hurts most: options as for granularity.'),
    Field('workshop.performance.kpi', _SUMMARY, _C,
          'KPI to watch first: options as for granularity.'),
    Field('workshop.performance.nps', _SUMMARY, _C,
          'Perceived NPS (-100 to 100): n, promoters, passives, detractors, nps, low, high (adjusted Wald, Rocks 2016), counts per score 0-10.'),
]
