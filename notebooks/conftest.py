"""nbval runs the notebooks against a fresh, empty workbook, so stored outputs show the starting values."""
import os
import tempfile

os.environ["PAYNECRM_WORKBOOK"] = os.path.join(tempfile.mkdtemp(prefix="pcrm-nbval-"), "workbook.json")
