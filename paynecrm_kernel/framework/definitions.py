"""The definitions-classification exercise of the overview: which perspective does each definition take?

The eight definitions are the workbook's own paraphrases of the kinds of definition Payne & Frow (2005)
arrange on their continuum, not quotations of any author; the model answer places each on the
continuum with a reason.
"""

#: ``(definition, perspective label, reason)``; the perspective is the model answer.
DEFINITIONS = (
    ("CRM is the sales-force automation system our representatives use to log their visits.",
     "Perspective 1", "One particular technology solution for one function."),
    ("CRM means installing a call-centre system that shows each caller's account on screen.",
     "Perspective 1", "A single technology for one channel, however useful."),
    ("CRM is the suite of customer-facing applications (web shop, call centre, e-mail and sales tools) "
     "that the firm runs on one platform.",
     "Perspective 2", "A wide range of customer-oriented IT and Internet applications."),
    ("CRM is the integration of all our customer-oriented IT and Internet systems so that every channel "
     "shares one customer database.",
     "Perspective 2", "Broad, but still defined by the technology that is integrated."),
    ("CRM is the technology behind our e-business: e-mail campaigns, web personalisation and online "
     "self-service.",
     "Perspective 2", "Several Internet applications, no strategy named."),
    ("CRM is a strategic approach that creates shareholder value by developing the right relationships "
     "with key customers and segments, using IT as an enabler.",
     "Perspective 3", "Strategy, customer selection and shareholder value; technology enables it."),
    ("CRM is the way the whole organisation works together, across marketing, sales, service and "
     "operations, to build profitable long-term relationships with chosen customers.",
     "Perspective 3", "Holistic, cross-functional and customer-centric."),
    ("CRM uses customer data to understand customers and to create value with them, aligning processes, "
     "people and technology with a customer strategy.",
     "Perspective 3", "Data in service of a customer strategy and of co-created value."),
)

#: Categories the learner chooses from.
CATEGORIES = ("Perspective 1", "Perspective 2", "Perspective 3")
