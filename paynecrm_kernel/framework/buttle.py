"""Buttle's CRM value chain, for comparison only: it is Buttle's model, not Payne & Frow's.

Buttle (2004) has five primary stages and four supporting conditions; a later version by Buttle, Jones &
Stone has three core processes and five enablers. The mapping onto Payne & Frow's processes is the
workbook's own reading [D]: leadership and culture, and people, meet Payne & Frow's implementation components
(change management, employee engagement); customer intimacy meets information management ("replicate the mind
of the customer") and customer characteristics.
"""

#: Counterparts that are not processes of the framework.
OTHER_COUNTERPARTS = {"implementation": "Implementation components (Payne & Frow 2006)"}

#: Buttle's (2004) primary stages -> Payne & Frow process keys they relate to (the workbook's mapping).
PRIMARY_STAGES = (
    ("Customer portfolio analysis", ("strategy",)),
    ("Customer intimacy", ("information", "strategy")),
    ("Network development", ()),
    ("Value proposition development", ("value",)),
    ("Managing the customer life cycle", ("value", "channels")),
)

#: Buttle's supporting conditions -> related Payne & Frow process keys (the workbook's mapping).
SUPPORTING_CONDITIONS = (
    ("Leadership and culture", ("implementation",)),
    ("Data and IT", ("information",)),
    ("People", ("implementation",)),
    ("Processes", ()),
)

#: The later version (Buttle, Jones & Stone): three core processes.
LATER_CORE_PROCESSES = ("Identify the opportunity", "Develop the offer", "Manage the customer journey")
