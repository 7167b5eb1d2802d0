"""The sub-elements of the framework figure, process by process, with explanations and label variants.

Explanations paraphrase Payne & Frow (2005), Payne (2005, Handbook) and Payne & Frow (2004); the questions
under each element are prompts the workbook offers to teams, not quotations. Label variants are the real
differences between the published versions of the figure: Payne (2002, ``S2``) and the Handbook (2005, ``S3``);
the JM article's (2005, ``S1``) labels for performance monitoring were not checked, so the Handbook's are used.
"""
from .model import Element

_E = Element

STRATEGY = (
    _E("business_vision", "Business vision", "strategy", "Business strategy",
       "Strategy development starts by reviewing or stating the company's vision, above all as it bears on "
       "CRM. Business strategy is usually owned by top management, and the fit between it and the customer "
       "strategy is presented as decisive for CRM success.",
       ("What does our vision say about the customers we serve and the relationships we want?",
        "Does top management own the CRM agenda, or is it left to one function?"),
       ("S1", "S3"), "S"),
    _E("industry_competitive", "Industry and competitive characteristics", "strategy", "Business strategy",
       "A review of the industry and the competitive environment, built on Porter's analysis and extended "
       "with later thinking on disruptive change (the article cites Christensen, and Slater & Olson).",
       ("How are customer relationships changing in our industry?",
        "Where do competitors serve customers better than we do?"),
       ("S1", "S3"), "S"),
    _E("customer_choice", "Customer choice", "strategy", "Customer strategy",
       "Deciding which current and potential customers the firm wants to serve.",
       ("Which customers do we want, and which do we not want?",
        "Which potential customers are we not reaching today?"),
       ("S1", "S3"), "R", {"S3": "Customer choice and customer characteristics (one box)"},
       "The short glosses of customer choice and customer characteristics are the workbook's reading of the "
       "figure."),
    _E("customer_characteristics", "Customer characteristics", "strategy", "Customer strategy",
       "Understanding the chosen customers: their needs, their behaviour and their economics.",
       ("What do our best customers need that others do not?",
        "How do the economics of serving each group differ?"),
       ("S1", "S3"), "R", {"S3": "Customer choice and customer characteristics (one box)"},
       "The gloss is the workbook's reading of the figure."),
    _E("segment_granularity", "Segment granularity", "strategy", "Customer strategy",
       "Choosing which form of segmentation suits the firm and how fine it should be: macro segments, micro "
       "segments or one-to-one. The Internet makes much finer segmentation affordable than most other "
       "channels do.",
       ("Do we segment at macro, micro or one-to-one level, and why?",
        "Can our data and channels afford a finer segmentation?"),
       ("S1", "S3"), "S"),
)

VALUE = (
    _E("value_proposition", "Value proposition", "value", "Value the customer receives",
       "What the firm offers: it links how the product performs, how it meets customer needs and what it "
       "costs the customer over the whole relationship life cycle (the article draws on Lanning & Michaels).",
       ("Why should the customers we chose buy from us rather than from a competitor?",
        "What does the relationship cost the customer over its whole life?"),
       ("S1", "S3"), "S"),
    _E("value_assessment", "Value assessment", "value", "Value the customer receives",
       "Quantifying how much customers care about each attribute of the offer, to judge whether the "
       "proposition gives a superior experience. Tools such as conjoint analysis find groups of customers "
       "with shared preferences and expose segments whose needs current offers do not meet.",
       ("Which attributes of our offer matter most to each segment?",
        "Which sizeable segment is served badly by every current offer?"),
       ("S1", "S3"), "S"),
    _E("co_creation", "Co-creation", "value", "Between the two sides",
       "The management of the exchange between the value the customer receives and the value the firm "
       "receives. Value is increasingly created with the customer, who acts as co-creator and co-producer "
       "(the article cites Bendapudi & Leone, Prahalad & Ramaswamy, and Vargo & Lusch). The JM figure draws it "
       "as circular arrows in the middle of the value creation process, linking the two sides. Rating offers "
       "in a survey is value assessment, not co-creation.",
       ("Where do customers already help create the value they receive?",
        "Which part of our offer could customers shape with us?"),
       ("S1",), "S", {"S1": "(drawn as circular arrows, no text label)"},
       "Shown only in the JM 2005 version of the figure."),
    _E("acquisition_economics", "Acquisition economics", "value", "Value the organization receives",
       "What it costs to win customers of each kind, and what they are worth once won: the economics that "
       "decide how much the firm should spend on acquisition, and on whom.",
       ("What does it cost us to acquire a customer in each segment?",
        "Which acquired customers pay back that cost, and how fast?"),
       ("S1", "S3"), "S"),
    _E("retention_economics", "Retention economics", "value", "Value the organization receives",
       "The value of keeping customers longer and of cross-selling, up-selling and building advocacy. The "
       "article cites Reichheld & Sasser on the profit gain from retention, and work on the return on "
       "satisfaction and quality.",
       ("How much is one extra point of retention worth to us?",
        "Which customers could buy more from us, and which would recommend us?"),
       ("S1", "S3"), "S"),
    _E("segment_ltv", "Customer segment lifetime value analysis", "value", "Between the two sides",
       "Joins the two sides of value creation: the lifetime value of each segment under a given proposition "
       "and given acquisition and retention economics. It is the bridge to performance assessment.",
       ("Which segments create the most lifetime value, and which destroy it?",
        "How would a change of proposition change a segment's lifetime value?"),
       ("S1", "S3"), "S"),
)

CHANNELS = (
    _E("sales_force", "Sales force", "channels", "Channel options (physical → virtual)",
       "Field account management, service and personal representation: the most physical of the six "
       "channel categories.",
       ("Which customers justify the cost of personal contact?",
        "How does the sales force share what it learns with the other channels?"),
       ("S1", "S3", "S4"), "S", {"S2": "Salesforce", "S3": "Sales force"}),
    _E("outlets", "Outlets", "channels", "Channel options (physical → virtual)",
       "Retail branches, stores, depots and kiosks.",
       ("What do customers come to our outlets for that no other channel gives them?",
        "Do outlets recognise customers who also buy online?"),
       ("S1", "S3", "S4"), "S"),
    _E("telephony", "Telephony", "channels", "Channel options (physical → virtual)",
       "Traditional telephone, fax, telex and call centres.",
       ("Which contacts are best handled by a person on the phone?",
        "Does the call centre see the customer's history in the other channels?"),
       ("S1", "S3", "S4"), "S"),
    _E("direct_marketing", "Direct marketing", "channels", "Channel options (physical → virtual)",
       "Channels that reach the customer at a distance without a personal meeting, such as direct mail and "
       "broadcast media.",
       ("Which customers still respond to mail and catalogues?",
        "How do we measure the response of each campaign?"),
       ("S1", "S3", "S4"), "R", {},
       "Direct mail, radio and traditional TV are the usual reading of this category."),
    _E("e_commerce", "E-commerce", "channels", "Channel options (physical → virtual)",
       "E-mail, the Internet and interactive digital TV.",
       ("What can a customer do online without calling us?",
        "Is the online experience as good as our best channel?"),
       ("S1", "S3", "S4"), "S", {"S2": "Electronic commerce", "S3": "Electronic commerce"}),
    _E("m_commerce", "M-commerce", "channels", "Channel options (physical → virtual)",
       "Mobile telephony, SMS and text messaging, WAP and 3G services: the most virtual category of the "
       "framework (today's apps belong here).",
       ("What do customers want to do with us on their phone?",
        "Which messages would they welcome there, and which not?"),
       ("S1", "S3", "S4"), "S", {"S2": "Mobile commerce", "S3": "Mobile commerce"}),
    _E("integrated_channel_mgmt", "Integrated channel management", "channels", "Across all channels",
       "Holding the same high standard across very different channels: the firm first defines an "
       "outstanding customer experience in each channel, then integrates the channels and presents a single "
       "unified view of the customer who uses several of them.",
       ("What would an outstanding experience look like in each channel?",
        "Does every channel see the same customer, with the same history?"),
       ("S1", "S3", "S4"), "S"),
)

INFORMATION = (
    _E("data_repository", "Data repository", "information", "Information management",
       "The corporate memory of customers, held as one integrated, enterprise-wide store; in large firms a "
       "data warehouse with related data marts and databases.",
       ("Where is everything we know about a customer kept today?",
        "Could any employee who serves a customer see it?"),
       ("S1", "S3"), "S"),
    _E("it_systems", "IT systems", "information", "Information management",
       "The hardware, software and middleware that hold and move customer data. Being able to scale, or to "
       "migrate to larger systems without disrupting operations, is critical; technology often has to be "
       "integrated before databases can be merged and opened to users across the firm.",
       ("Which systems must be connected before we can see one customer?",
        "Will our systems scale with the number of customers and contacts?"),
       ("S1", "S3"), "S"),
    _E("analysis_tools", "Analysis tools", "information", "Information management",
       "General data-mining packages and specialised ones, for example campaign-management analysis, credit "
       "scoring and customer profiling. Analysis should measure the business from the customer's point of "
       "view rather than by function or product, and it feeds performance assessment.",
       ("Which decisions do we make today without analysing customer data?",
        "Can we report profit by customer, not only by product?"),
       ("S1", "S3"), "S"),
    _E("front_office", "Front-office applications", "information", "Information management",
       "Applications that support activities dealing directly with customers, such as sales-force "
       "automation and call-centre management.",
       ("Which customer-facing tasks are still done without system support?",
        "Do front-office systems share one customer record?"),
       ("S1", "S3"), "S"),
    _E("back_office", "Back-office applications", "information", "Information management",
       "Applications for internal administration and supplier relationships, such as human resources, "
       "procurement, warehouse management, logistics and some finance. They must be connected and "
       "coordinated with the front office.",
       ("Can the front office promise what the back office can deliver?",
        "Which back-office data would improve how we serve customers?"),
       ("S1", "S3"), "S"),
)

PERFORMANCE = (
    _E("employee_value", "Employee value", "performance", "Shareholder results",
       "The first link of the chain: employees who are engaged and able to serve build value for customers.",
       ("How do we know our employees can deliver the proposition?",
        "Which employee measures move with customer satisfaction?"),
       ("S3", "S2"), "V"),
    _E("customer_value", "Customer value", "performance", "Shareholder results",
       "Value delivered to customers, which in turn creates value for the firm and its shareholders.",
       ("Are customers receiving the value we promised them?",
        "Which customers are gaining value from the relationship, and which losing it?"),
       ("S3", "S2"), "V"),
    _E("shareholder_value", "Shareholder value", "performance", "Shareholder results",
       "The end point of the framework: CRM is justified by the shareholder value it creates.",
       ("How much of our shareholder value comes from customer relationships?",
        "Which CRM investment raises it most?"),
       ("S3", "S2", "S1"), "V"),
    _E("cost_reduction", "Cost reduction", "performance", "Shareholder results",
       "Lower costs of serving and managing customers, for example through better channel choice, which add "
       "to the result.",
       ("Where does CRM reduce our cost to serve?",
        "Which costs rise with a poor customer experience?"),
       ("S3",), "V", {"S2": "(not shown)"}),
    _E("standards", "Standards", "performance", "Performance monitoring",
       "The standards against which CRM performance is judged: what good looks like for each process.",
       ("What standard have we set for each process?",
        "Who is accountable when a standard is missed?"),
       ("S3", "S2"), "V"),
    _E("satisfaction_measurement", "Satisfaction measurement", "performance", "Performance monitoring",
       "Measuring customer satisfaction as part of the micro view of CRM performance.",
       ("How do we measure satisfaction, and how often?",
        "Do we act on what the measurements tell us?"),
       ("S3",), "V", {"S2": "(not shown)"}),
    _E("results_kpis", "Results and KPIs", "performance", "Performance monitoring",
       "The results and key performance indicators that describe in detail how CRM is performing, the "
       "micro view that complements the macro view of shareholder results.",
       ("Which few KPIs tell us whether CRM is working?",
        "Does each KPI lead to a decision when it moves?"),
       ("S3", "S2"), "V", {"S2": "Metrics and KPIs", "S3": "Results and KPIs"},
       "The JM 2005 figure's labels for performance monitoring were not seen; the Handbook labels are used."),
)

#: All sub-elements, in the order of the figure.
ELEMENTS = STRATEGY + VALUE + CHANNELS + INFORMATION + PERFORMANCE
