"""``python -m paynecrm_kernel.workshop``: run the workshop server alone."""
import sys

from .cli import main

sys.exit(main())
