"""The ``%crm`` line magic (``%load_ext paynecrm_kernel``).

``%crm open FILE``
    Use FILE as the workbook for this kernel (created if missing).
``%crm data PATH [--customer-id COL] [--date COL] [--amount COL] [--sheet NAME] [--encoding NAME] [--exclude-invalid]``
    Load and validate a transaction file (CSV, Excel or Parquet), show a summary and the validation report,
    and return the clean transactions (``tx = %crm data sales.csv``). Unusable rows stop the load with a
    message naming column, rows and fix; with ``--exclude-invalid`` they are left out and listed instead.
    Implausible dates (placeholders, future, out of range) are always left out and listed.
``%crm status``
    Show the workbook in use and the transactions loaded in this kernel.
"""
import argparse
import html
import shlex

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_magic, magics_class
from IPython.display import HTML, display

from .theme import format_currency, format_number

_USAGE = __doc__


class _Parser(argparse.ArgumentParser):
    """argparse that reports mistakes as IPython ``UsageError`` instead of exiting."""

    def error(self, message):
        raise UsageError(f"%crm: {message}\n{_USAGE}")


def _build_parser():
    parser = _Parser(prog="%crm", add_help=False)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    opened = sub.add_parser("open", add_help=False)
    opened.add_argument("file")
    data = sub.add_parser("data", add_help=False)
    data.add_argument("path")
    data.add_argument("--customer-id", dest="customer_id")
    data.add_argument("--date")
    data.add_argument("--amount")
    data.add_argument("--sheet")
    data.add_argument("--encoding")
    data.add_argument("--exclude-invalid", dest="exclude_invalid", action="store_true")
    sub.add_parser("status", add_help=False)
    return parser


@magics_class
class CRMMagics(Magics):
    """Magics that connect a notebook to a workbook file and to the analyst's own transactions."""

    def __init__(self, shell):
        super().__init__(shell)
        self.workbook = None
        self.transactions = None
        self.source = None
        self._parser = _build_parser()

    @line_magic
    def crm(self, line):
        """Run ``%crm open|data|status``; see the module docstring."""
        try:
            words = shlex.split(line)
        except ValueError as exc:
            raise UsageError(f"%crm: cannot parse the arguments ({exc}).") from None
        if not words:
            raise UsageError(f"%crm needs a command.\n{_USAGE}")
        args = self._parser.parse_args(words)
        return getattr(self, f"_{args.command}")(args)

    def _open(self, args):
        from .errors import WorkbookError
        from .workbook import Workbook

        try:
            self.workbook = Workbook.use(args.file)       # also what Workbook.current() returns from now on
        except WorkbookError as exc:
            raise UsageError(str(exc)) from None
        display(self.workbook)

    def _data(self, args):
        from .data import read_transactions, validate_transactions
        from .errors import DataValidationError

        try:
            raw = read_transactions(args.path, customer_id=args.customer_id, date=args.date,
                                    amount=args.amount, sheet=args.sheet, encoding=args.encoding)
            clean, report = validate_transactions(raw.frame, **raw.mapping,
                                                  on_error="exclude" if args.exclude_invalid else "raise")
        except FileNotFoundError:
            raise UsageError(f"%crm data: no such file: {args.path}") from None
        except DataValidationError as exc:
            raise UsageError(f"%crm data: {exc}") from None
        self.transactions, self.source = clean, args.path
        display(HTML(_summary_html(clean, report.mapping, args.path)))
        display(report)
        return clean

    def _status(self, args):
        from .workbook import Workbook, default_workbook_path

        from .errors import WorkbookError

        workbook = self.workbook
        if workbook is None and default_workbook_path().exists():
            try:
                workbook = Workbook.open(default_workbook_path())
            except WorkbookError as exc:
                raise UsageError(str(exc)) from None
        parts = ["<b>Workbook:</b> " + (html.escape(str(workbook.path)) if workbook else "none opened yet "
                                        "(<code>%crm open FILE</code>)")]
        if workbook is not None:
            parts.append(workbook._repr_html_())
        if self.transactions is None:
            parts.append("<b>Transactions:</b> none loaded (<code>%crm data PATH</code>)")
        else:
            parts.append(_summary_html(self.transactions, None, self.source))
        display(HTML("<br>".join(parts)))


def _summary_html(transactions, mapping, source):
    """Return a short HTML summary of a validated transaction log (columns customer_id, date, amount)."""
    first, last = transactions["date"].min(), transactions["date"].max()
    rows = [("Source", html.escape(str(source))),
            ("Transactions", format_number(len(transactions))),
            ("Customers", format_number(transactions["customer_id"].nunique())),
            ("Period", f"{first:%Y-%m-%d} to {last:%Y-%m-%d}"),
            ("Revenue", format_currency(float(transactions["amount"].sum())))]
    if mapping:
        rows.append(("Columns used", html.escape(", ".join(f"{k} = {v}" for k, v in mapping.items()))))
    body = "".join(f"<tr><th style='text-align:left'>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return f"<table class='pcrm-data-summary'>{body}</table>"


def load_ipython_extension(ipython):
    """Register :class:`CRMMagics` once per shell."""
    if not any(isinstance(m, CRMMagics) for m in ipython.magics_manager.registry.values()):
        ipython.register_magics(CRMMagics)


def unload_ipython_extension(ipython):
    """Nothing to undo: IPython keeps registered magics for the session."""
