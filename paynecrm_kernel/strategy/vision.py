"""The vision canvas: a structured statement of the company vision and the role CRM plays in it.

Payne & Frow's strategy development process starts by reviewing or stating the vision, especially as it bears
on CRM. The fields below are the workbook's own template for that review.
"""
__all__ = ["VISION_FIELDS", "vision_completeness", "vision_statement"]

#: Canvas fields: key, label, prompt.
VISION_FIELDS = (
    ("vision", "Our vision", "Where will the company be in five years, in one or two sentences?"),
    ("customers", "Customers we want", "Which customers do we want to win and keep, and why them?"),
    ("value", "Value we offer them", "What will these customers get from us that they value?"),
    ("crm_role", "The role of CRM", "How will managing customer relationships help deliver the vision?"),
    ("capabilities", "Capabilities needed", "What must we be able to do (information, channels, people)?"),
    ("measures", "How we will know", "Which two or three measures will show progress?"),
)


def vision_completeness(fields):
    """Share of canvas fields filled in (ignoring blanks), from 0 to 1."""
    filled = sum(1 for key, _l, _p in VISION_FIELDS if str(fields.get(key, "") or "").strip())
    return filled / len(VISION_FIELDS)


def vision_statement(fields):
    """Compose the filled canvas fields into a short Markdown statement (blank fields are left out)."""
    parts = []
    for key, label, _prompt in VISION_FIELDS:
        text = str(fields.get(key, "") or "").strip()
        if text:
            parts.append(f"**{label}.** {text}")
    return "\n\n".join(parts)
