"""The Hearth & Home sample company: a seeded multichannel home-goods retailer with planted truth."""
from ._params import truth
from .company import DEFAULT_SEED, SampleCompany, sample_company
from .extracts import SOURCES, TIERS, Extracts, generate_extracts
from .service_profit import implied_correlation

__all__ = ["DEFAULT_SEED", "SampleCompany", "implied_correlation", "sample_company", "truth"]
__all__ += ["SOURCES", "TIERS", "Extracts", "generate_extracts"]
