"""`jiwon demo`: load the deterministic Anyang demo data set and print the demo logins.

What it loads (see jiwon.demo.companies for the details):
- 1,812 companies in Anyang (kind company, 만안구 41171 or 동안구 41173, so local). Only these
  count toward the 1,812, Anyang's company count in the seed article.
- About 60 companies elsewhere in Gyeonggi and Seoul (not local), so the local flag matters.
- 20 pre-founders in Anyang (no business number yet), extra to the 1,812.
- Certifications with validity dates (some expired) and the growth ladder with its dated
  history: G240 225, BLUE100 103, ACE20 20, 안양형 유니콘 2.
- One user per role, all with the password DEMO_PASSWORD; the company user owns the first
  BLUE100 electronic-parts company.

Around the articles' years the agency lives on to the day of the load (jiwon.demo.living,
jiwon.demo.current): companies founded, moving in and closing since 2017, every year's
programmes, support and figures, and this year's calls in every state, all dated relative to
the load. The first article's 2021 and the second's 2017 keep their exact figures.

Running it again adds only what is missing (companies are keyed by business registration
number, pre-founders by email, users by username), so a second run adds nothing.

Writes: the companies go through the registry's bulk service (`companies_bulk_create`, one
audit entry per batch) and every other domain through its app's public services, all in one
transaction; `demo.load_demo` sums up what the load added.

`--companies N` changes the number of Anyang companies (for benchmarks); for N of 1,812 or more
the first 1,812 are the default data set.
"""

import time
import unicodedata

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jiwon.companies.models import GrowthStage
from jiwon.core.permissions import CAPABILITIES
from jiwon.core.roles import Role
from jiwon.demo.companies import ANYANG_COMPANIES
from jiwon.demo.errors import DemoDataError
from jiwon.demo.loader import DemoResult, load_demo
from jiwon.demo.users import DEMO_PASSWORD, demo_totp_secret

SITE_URL = "http://127.0.0.1:8000"
DISTRICT_NAMES = {"41171": "만안구", "41173": "동안구"}


class Command(BaseCommand):
    help = "Load the deterministic Anyang demo data set and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--companies",
            type=int,
            default=ANYANG_COMPANIES,
            help="Number of companies in Anyang (default %(default)s).",
        )
        parser.add_argument(
            "--url",
            default=SITE_URL,
            help="The address to print for logging in (make demo HOST=... passes its own).",
        )
        parser.add_argument("--quiet", action="store_true", help="Print nothing.")

    def handle(self, *args, companies: int, quiet: bool, url: str = SITE_URL, **options):
        started = time.monotonic()
        try:
            result = load_demo(companies=companies)
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        if not quiet:
            self._report(result, seconds=time.monotonic() - started, url=url)

    def _report(self, result: DemoResult, *, seconds: float, url: str) -> None:
        created = {key: f"{n:,}" for key, n in result.created.items()}
        if result.added_anything:
            message = _(
                "Added %(companies)s companies in Anyang, %(companies_outside_anyang)s outside "
                "Anyang, %(prefounders)s pre-founders, %(certifications)s certifications, "
                "%(growth_stage_changes)s growth-stage changes and %(users)s users "
                "in %(seconds).1f s."
            )
            self.stdout.write(self.style.SUCCESS(message % {**created, "seconds": seconds}))
        else:
            self.stdout.write(_("The demo data was already present: nothing was added."))
        districts = ", ".join(
            f"{DISTRICT_NAMES.get(code, code)} {n:,}"
            for code, n in result.anyang_by_district.items()
        )
        ladder = ", ".join(f"{GrowthStage(stage).label} {n}" for stage, n in result.ladder.items())
        self.stdout.write(
            _(
                "Demo data set: %(anyang)s companies in Anyang (%(districts)s); "
                "growth ladder: %(ladder)s."
            )
            % {"anyang": f"{result.anyang:,}", "districts": districts, "ladder": ladder}
        )
        owner = result.owner_company
        self.stdout.write(
            _("The company user owns %(name)s (%(brn)s).")
            % {"name": owner.name_ko, "brn": owner.brn_display}
        )
        self.stdout.write("")
        self.stdout.write(_("Open %(url)s and log in as:") % {"url": url})
        rows = [(_("Username"), _("Role"), _("Password"))]
        rows += [
            (login.username, str(Role(login.role).label), DEMO_PASSWORD) for login in result.logins
        ]
        widths = [max(_display_width(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            cells = [
                cell + " " * (width - _display_width(cell))
                for cell, width in zip(row, widths, strict=True)
            ]
            self.stdout.write("  " + "  ".join(cells).rstrip())
        self.stdout.write(
            _("The password is for the demo only: never load demo data into production.")
        )
        required = CAPABILITIES["accounts.two_factor_required"].roles
        second = [login.username for login in result.logins if login.role in required]
        self.stdout.write(
            _(
                "%(users)s also give a code (two-factor sign-in): add the key %(key)s to an "
                "authenticator app, or run “jiwon demo_code <username>” for the current code."
            )
            % {"users": ", ".join(second), "key": demo_totp_secret()}
        )


def _display_width(text: str) -> int:
    """Terminal columns: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
