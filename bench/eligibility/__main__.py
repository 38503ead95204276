import os
import sys

import django

# The engines judge growth stages with the company registry's definition (jiwon.companies, a
# Django app): Django is set up, but no database is used.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from bench.eligibility.run import main  # noqa: E402 (needs Django set up)

sys.exit(main())
