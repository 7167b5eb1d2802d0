"""How far the team has worked through each chapter, from the keys saved in the workbook."""
import html
from dataclasses import dataclass

from ..framework import NOTEBOOKS

__all__ = ["ChapterProgress", "chapter_progress"]

_TITLES = {"overview": "00 Overview", "strategy": "01 Strategy development", "value": "02 Value creation",
           "channels": "03 Multichannel integration", "information": "04 Information management",
           "performance": "05 Performance assessment", "capstone": "06 Capstone"}


@dataclass(frozen=True)
class ChapterProgress:
    """Per chapter (in reading order): inputs saved, decisions saved, and whether it was worked through."""

    rows: tuple

    def __repr__(self):
        return "\n".join(f"{title}: {inputs} inputs, {decisions} decisions" for title, inputs, decisions in self.rows)

    def _repr_html_(self):
        body = "".join(
            f"<tr><td style='padding:3px 10px;text-align:left'>{html.escape(title)}</td>"
            f"<td style='padding:3px 10px;text-align:right'>{inputs}</td>"
            f"<td style='padding:3px 10px;text-align:right'>{decisions}</td>"
            f"<td style='padding:3px 10px;text-align:left'>{'worked through' if inputs or decisions else 'not yet'}"
            f"</td></tr>" for title, inputs, decisions in self.rows)
        return ("<table class='pcrm-progress' style='border-collapse:collapse'><tr><th style='text-align:left;"
                "padding:3px 10px'>Chapter</th><th style='padding:3px 10px'>Inputs saved</th><th style='padding:3px "
                "10px'>Decisions saved</th><th></th></tr>" + body + "</table>")


def chapter_progress(workbook):
    """Count, for each chapter, the inputs and the decisions saved in ``workbook`` (exercise answers aside)."""
    entries = workbook.to_dict()
    rows = []
    for chapter in NOTEBOOKS:
        keys = [k for k in entries if k.startswith(chapter + ".") and ".exercise." not in k]
        decisions = sum(".decisions." in k for k in keys)
        rows.append((_TITLES.get(chapter, chapter), len(keys) - decisions, decisions))
    return ChapterProgress(tuple(rows))
