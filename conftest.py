"""Test-session settings shared by the unit, notebook and browser tests.

Every test session works on a fresh workbook file, so stored notebook outputs never depend on what a user saved
and tests never touch a user's workbook.
"""
import os
import tempfile
from pathlib import Path


def pytest_configure(config):
    folder = Path(tempfile.mkdtemp(prefix="paynecrm-test-"))
    os.environ["PAYNECRM_WORKBOOK"] = str(folder / "workbook.json")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
