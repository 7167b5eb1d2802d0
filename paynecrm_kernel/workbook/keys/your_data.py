"""Keys of chapter 07, your own data: how the analyst's file is read and the settings of its CLV analysis."""
from ..schema import Choice, Field, Number, Text
from ._kinds import DISCOUNT, LABEL

_C = "your_data"

#: Prefix of the column chosen for each field (``your_data.mapping.customer_id`` ...).
MAPPING = "your_data.mapping"

FIELDS = [
    Field(MAPPING + ".<field>", LABEL, _C,
          "Column of the analyst's file that holds one field (customer_id, date or amount)."),
    Field("your_data.time_unit", Choice(("D", "W", "M")), _C,
          "Time unit of recency, T and the purchase model: D days, W weeks, M months.", "W"),
    Field("your_data.calibration_end", Text(10), _C,
          "Last day of the calibration period (YYYY-MM-DD), the rest checking the forecast; 'none': no check; "
          "empty: halfway through the file's dates.", ""),
    Field("your_data.model", Choice(("bgnbd", "mbgnbd", "paretonbd")), _C,
          "Purchase model: BG/NBD, MBG/NBD or Pareto/NBD.", "bgnbd"),
    Field("your_data.horizon", Number(1, 120, integer=True), _C, "Horizon of the customer value, in months.", 12),
    Field("your_data.discount_rate", DISCOUNT, _C, "Discount rate per month.", 0.01),
    Field("your_data.margin", Number(0.01, 1), _C, "Share of spend kept as profit (1: value as revenue).", 1.0),
]
