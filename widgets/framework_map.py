"""The framework map (after Payne & Frow 2005) and the process banner that opens every notebook.

:class:`FrameworkMap` redraws the figure: strategy development, value creation, multichannel integration
and performance assessment from left to right, information management underneath all four. Selecting a
process or any of its sub-elements shows the explanation, the questions to ask, the sources and a link to
the notebook. :func:`process_banner` is the small, static version used at the top of each notebook: plain
HTML, so that a static rendering of the notebook shows it too.
"""
import html
from pathlib import Path

import ipywidgets as W
from ipywidgets.widgets.widget_button import ButtonStyle
import traitlets

from ..framework import (CONFIDENCE, NOTEBOOKS, PROCESSES, SOURCES, cite, elements, format_variant,
                         get_element, get_process, label_footnotes)
from ..theme import BORDER, FAINT, INK, MESSAGE_COLOURS, MUTED, NEUTRAL, PROCESS_COLOURS, tint
from ._lean import Button, GridBox, HTML, VBox, shared_layout, shared_style
from ._on_demand import Lazy
from ._styles import fine_print, kicker, note, title

_TOP_ROW = ("strategy", "value", "channels", "performance")
_SUPERSCRIPT = str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")
_CSS = f"""<style>
.pcrm-map .pcrm-map-element, .pcrm-map .pcrm-map-process {{white-space: normal; height: auto;
  min-height: 30px; line-height: 1.2; padding: 4px 6px; text-align: left; border-radius: 4px;}}
.pcrm-map .pcrm-map-process {{font-weight: 600; font-size: 14px; min-height: 36px;}}
.pcrm-map .pcrm-selected {{outline: 3px solid {INK}; outline-offset: 1px;}}
.pcrm-map .pcrm-map-block {{font-size: 11px; text-transform: uppercase; letter-spacing: .05em;
  color: {NEUTRAL}; margin: 6px 0 2px 0;}}
</style>"""


def notebook_link(process, notebooks_dir=None):
    """Return HTML linking to the notebook of ``process`` (a key of ``NOTEBOOKS``), or a "coming" badge.

    The link is relative (``02_value_creation.ipynb``), so it works in Voilà (``/voila/render/...``) and in
    JupyterLab alike. A notebook that does not exist in ``notebooks_dir`` (default: the working directory,
    which is the notebook's folder in a kernel) is shown as coming.
    """
    name = NOTEBOOKS[process]
    folder = Path(notebooks_dir) if notebooks_dir is not None else Path.cwd()
    title = PROCESSES[process].name if process in PROCESSES else process.capitalize()
    if (folder / name).exists():
        return (f"<a class='pcrm-notebook-link' href='{html.escape(name)}' target='_blank' "
                f"style='font-weight:600'>Open notebook {name[:2]}: {html.escape(title)} \u2192</a>")
    return (f"<span class='pcrm-notebook-coming' style='color:{MUTED}'>Notebook {name[:2]} "
            f"({html.escape(title)}): coming</span>")


def _mini_map(highlight):
    """HTML of the small framework map with one process highlighted."""
    def cell(key, extra=""):
        on = key == highlight
        colour = PROCESS_COLOURS[key]
        style = (f"background:{colour if on else tint(colour, 0.85)};color:{'white' if on else INK};"
                 f"border-radius:3px;padding:3px 6px;font-size:11px;text-align:center;"
                 f"{'font-weight:700;' if on else ''}{extra}")
        return f"<div style='{style}'>{html.escape(PROCESSES[key].name)}</div>"
    top = "".join(cell(k) for k in _TOP_ROW)
    bottom = cell("information", "grid-column:1 / span 4;")
    return (f"<div style='display:grid;grid-template-columns:repeat(4,1fr);gap:3px;width:330px'>"
            f"{top}{bottom}</div>{fine_print('After Payne &amp; Frow (2005)', style='font-size:10px')}")


class ProcessBanner:
    """The banner that opens a process notebook, as static HTML that every renderer shows.

    The banner never changes once shown, so it is not a widget: Voilà, JupyterLab, an nbconvert page and
    GitHub's notebook view all show its HTML (a widget shows only as its text in a static rendering).

    Parameters
    ----------
    process : str
        ``"strategy"``, ``"value"``, ``"channels"``, ``"information"`` or ``"performance"``.

    Attributes
    ----------
    process : str
        The process key.
    value : str
        HTML of the banner's content.
    css_classes : tuple of str
        ``("pcrm-banner", "pcrm-banner-<process>")``, the classes of the banner's outer element.
    """

    def __init__(self, process):
        self._process = get_process(process)
        self.process = process
        self.value = _banner_html(process)
        self.css_classes = ("pcrm-banner", f"pcrm-banner-{process}")

    def _repr_html_(self):
        return f"<div class='{' '.join(self.css_classes)}'>{self.value}</div>"

    def __repr__(self):
        questions = "\n".join(f"{i}. {q.text}" for i, q in enumerate(self._process.key_questions, 1))
        return f"{self._process.name}: {self._process.summary}\nThe two key questions of this process\n{questions}"


def _banner_html(process):
    p = get_process(process)
    colour = PROCESS_COLOURS[process]
    questions = "".join(
        f"<li>{html.escape(q.text)}"
        + ("\u2020" if q.confidence == "R" else "") + "</li>" for q in p.key_questions)
    paraphrase = "".join(f" \u2020 {html.escape(q.note)}" for q in p.key_questions if q.confidence == "R" and q.note)
    framework = kicker("Payne &amp; Frow's strategic CRM framework", colour, size=12)
    return (f"<div style='display:flex;gap:24px;align-items:flex-start;flex-wrap:wrap;"
            f"border-top:6px solid {colour};background:{tint(colour, 0.94)};padding:12px 16px;"
            f"border-radius:0 0 6px 6px'>"
            f"<div style='flex:1 1 420px'>{framework}"
            f"<div style='font-size:24px;font-weight:700;color:{colour};margin:2px 0 6px 0'>"
            f"{html.escape(p.name)}</div><div style='color:{INK}'>{html.escape(p.summary)}</div>"
            f"<div style='margin-top:8px;font-weight:600'>The two key questions of this process</div>"
            f"<ol style='margin:2px 0 0 0'>{questions}</ol>"
            + fine_print(f"Key questions: {cite('S3')}, p. 32.{paraphrase}", style="margin-top:4px")
            + f"</div><div>{_mini_map(process)}</div></div>")


def process_banner(process):
    """Return the banner that opens a process notebook: name, purpose, the two key questions, a mini map.

    Parameters
    ----------
    process : str
        ``"strategy"``, ``"value"``, ``"channels"``, ``"information"`` or ``"performance"``.

    Returns
    -------
    ProcessBanner
        Displayed as HTML whose outer element has the CSS classes ``pcrm-banner`` and ``pcrm-banner-<process>``.

    Raises
    ------
    KeyError
        For an unknown process (see :func:`paynecrm_kernel.framework.get_process`).
    """
    return ProcessBanner(process)


def element_html(selected, notebooks_dir=None):
    """HTML explaining a process or a sub-element (``selected`` = process key or element id)."""
    if not selected:
        return (f"<div style='color:{NEUTRAL};padding:8px'><b>Select any box of the map</b> to see what it means, "
                "the questions to ask about it, and where the workbook treats it.</div>")
    if selected in PROCESSES:
        p = PROCESSES[selected]
        colour = PROCESS_COLOURS[selected]
        parts = [f"<div style='font-size:20px;font-weight:700;color:{colour}'>{html.escape(p.name)}</div>",
                 f"<p>{html.escape(p.summary)}</p><b>Key questions</b> ({cite('S3')}, p. 32)<ol>"
                 + "".join(f"<li>{html.escape(q.text)}"
                           + (f" <i style='color:{MUTED}'>({html.escape(q.note)})</i>"
                              if q.confidence == "R" and q.note else "") + "</li>" for q in p.key_questions) + "</ol>",
                 "<b>Sub-elements:</b> " + ", ".join(html.escape(e.label) for e in elements(selected)),
                 note(f"Sources: {html.escape(cite(*p.sources))}.", style="margin:1em 0"),
                 notebook_link(selected, notebooks_dir)]
        return f"<div class='pcrm-map-detail-body' data-selected='{selected}'>{''.join(parts)}</div>"
    e = get_element(selected)
    colour = PROCESS_COLOURS[e.process]
    caveat = ""
    if e.confidence == "R" or e.note:
        caveat = (f"<p style='font-size:12px;background:{MESSAGE_COLOURS['caution'][0]};padding:4px 8px;"
                  f"border-radius:3px'>{html.escape(e.note or CONFIDENCE['R'])}</p>")
    variants = ""
    if e.variants:
        variants = note("Label in other versions: "
                        + "; ".join(f"{html.escape(SOURCES[s].short)}: {html.escape(format_variant(v))}"
                                    for s, v in e.variants.items()) + ".", style="margin:1em 0")
    questions = "".join(f"<li>{html.escape(q)}</li>" for q in e.questions)
    return (f"<div class='pcrm-map-detail-body' data-selected='{e.id}'>"
            + kicker(f"{html.escape(PROCESSES[e.process].name)} \u00b7 {html.escape(e.block)}", colour)
            + title(html.escape(e.label), size=20, weight=700)
            + f"<p>{html.escape(e.explanation)}</p>{caveat}"
            f"<b>Questions to ask</b> <span style='font-size:11px;color:{MUTED}'>(the workbook's prompts)</span>"
            f"<ul>{questions}</ul>{variants}"
            + note(f"Sources: {html.escape(cite(*e.sources))}.", style="margin:1em 0")
            + f"{notebook_link(e.process, notebooks_dir)}</div>")


class FrameworkMap(Lazy, W.VBox):
    """The clickable framework map: select a process or sub-element to see what it means.

    Parameters
    ----------
    workbook : paynecrm_kernel.workbook.Workbook, optional
        Where the selection is saved (``None``: not saved).
    key : str
        Workbook key prefix; the selection is saved under ``<key>.selected``.
    notebooks_dir : path-like, optional
        Folder of the notebooks, to tell existing notebooks from coming ones (default: working directory).
    """

    placeholder_height = 950

    #: The selected process key or element id ("" when nothing is selected).
    selected = traitlets.Unicode("")

    def __init__(self, *, workbook=None, key="overview.map", notebooks_dir=None):
        super().__init__()
        self.workbook, self.key, self.notebooks_dir = workbook, key, notebooks_dir
        self.buttons = {}
        footnotes = {eid: i + 1 for i, (eid, _t) in enumerate(label_footnotes())}
        self._footnote_numbers = footnotes
        self.detail = HTML(layout=shared_layout(border=f"1px solid {BORDER}", padding="6px 12px"))
        self.detail.add_class("pcrm-map-detail")
        columns = []
        for i, process in enumerate(_TOP_ROW):
            if i:
                columns.append(HTML(f"<div style='font-size:22px;color:{FAINT};padding-top:40px'>\u27a4</div>"))
            columns.append(self._create_column(process))
        top = GridBox(columns, layout=shared_layout(
            grid_template_columns="1fr 22px 1.15fr 22px 1fr 22px 1fr", grid_gap="4px", width="100%"))
        info = self._create_information_row()
        caption = HTML(note("The strategic framework for CRM, redrawn for this workbook after Payne &amp; Frow "
                            "(2005) and Payne (2005, Handbook). Superscripts mark labels that differ between "
                            "versions of the figure (notes below)."))
        figure = VBox([HTML(_CSS), top, info, caption], layout=shared_layout(width="100%"))
        body = GridBox([figure, self.detail], layout=shared_layout(
            grid_template_columns="minmax(0, 2.5fr) minmax(260px, 1fr)", grid_gap="14px", width="100%"))
        self.children = [body, self._create_footnotes()]
        self.add_class("pcrm-map")
        self.observe(self._on_selected, names="selected")
        saved = workbook.get(f"{key}.selected", "") if workbook is not None else ""
        valid = saved in PROCESSES or saved in {e.id for e in elements()}
        self.selected = saved if valid else ""
        self._render()

    # -- building ---------------------------------------------------------------------------------------
    def _create_button(self, item_id, label, colour, kind):
        note = self._footnote_numbers.get(item_id)
        text = label + (str(note).translate(_SUPERSCRIPT) if note else "")
        style = shared_style(ButtonStyle, button_color=colour if kind == "process" else tint(colour, 0.82),
                             text_color="white" if kind == "process" else INK)
        b = Button(description=text, tooltip=label, layout=shared_layout(width="100%", margin="1px 0"), style=style)
        b.add_class(f"pcrm-map-{kind}")
        b.add_class(f"pcrm-el-{item_id}")
        b.on_click(lambda _b, i=item_id: setattr(self, "selected", i))
        self.buttons[item_id] = b
        return b

    def _create_column(self, process):
        colour = PROCESS_COLOURS[process]
        children = [self._create_button(process, PROCESSES[process].name, colour, "process")]
        for block in PROCESSES[process].blocks:
            children.append(HTML(f"<div class='pcrm-map-block'>{html.escape(block)}</div>"))
            children += [self._create_button(e.id, e.label, colour, "element")
                         for e in elements(process, block)]
        return VBox(children, layout=shared_layout(width="100%"))

    def _create_information_row(self):
        colour = PROCESS_COLOURS["information"]
        header = self._create_button("information", PROCESSES["information"].name + " (runs under all four)",
                                     colour, "process")
        cells = [self._create_button(e.id, e.label, colour, "element") for e in elements("information")]
        row = GridBox(cells, layout=shared_layout(grid_template_columns="repeat(5, 1fr)", grid_gap="4px"))
        return VBox([header, row], layout=shared_layout(margin="10px 0 4px 0", width="100%"))

    def _create_footnotes(self):
        items = "".join(f"<li>{html.escape(text)}</li>" for _eid, text in label_footnotes())
        box = HTML(f"<div style='font-size:11.5px;color:{NEUTRAL}'><b>Label versions.</b> The map uses the "
                     f"labels of the Handbook (Payne 2005) and the JM article (Payne &amp; Frow 2005); the "
                     f"performance-monitoring labels are the Handbook's, and the block title “Between the "
                     f"two sides” is the workbook's. Where the published versions differ:"
                     f"<ol style='columns:2;column-gap:28px;margin:4px 0'>{items}</ol></div>")
        box.add_class("pcrm-map-footnotes")
        return box

    # -- behaviour --------------------------------------------------------------------------------------
    def _on_selected(self, change):
        if self.workbook is not None:
            try:
                self.workbook.set(f"{self.key}.selected", change["new"] or None)
            except Exception:  # noqa: BLE001 - the map keeps working even if the file cannot be written
                pass
        self._render()

    def _render(self):
        for item_id, button in self.buttons.items():
            if item_id == self.selected:
                button.add_class("pcrm-selected")
            else:
                button.remove_class("pcrm-selected")
        self.detail.value = element_html(self.selected, self.notebooks_dir)

    def __repr__(self):
        return f"FrameworkMap(selected={self.selected!r})"
