"""The written KPI definitions printed in the report's appendix. They describe the functions of
jiwon.outcomes.selectors.kpis; the README's "## KPIs" section says the same in both languages."""

from django.utils.translation import gettext_lazy as _

DEFINITIONS = [
    (
        "supported_companies",
        _("Supported companies"),
        _(
            "Distinct companies with at least one standing support-ledger row dated in the "
            "year. A standing row is a support, not a correction, that was not cancelled or "
            "replaced: a support that did not happen, or moved to another company or date, "
            "counts where it stands now. A change of amount does not change the count."
        ),
    ),
    (
        "programs",
        _("Programmes used"),
        _(
            "Distinct programmes among the standing ledger rows dated in the year. Rows without "
            "a programme are left out."
        ),
    ),
    (
        "support_won",
        _("Support"),
        _(
            "The sum in won of the amounts of every ledger row dated in the year, corrections "
            "included: a correction carries the date of the row it corrects, so it nets out in "
            "that row's year. Rows without an amount add nothing."
        ),
    ),
    (
        "tenant_companies",
        _("Tenant companies"),
        _(
            "Distinct companies with a standing tenancy row whose period (from its date to its "
            "end date, or that single day when it has no end date) overlaps the year."
        ),
    ),
    (
        "investment_won",
        _("Investment attracted"),
        _(
            "The sum in won of the investments dated in the year of companies located in the "
            "city on the investment's date (see companies in the city)."
        ),
    ),
    (
        "ip_count",
        _("Patents and certifications"),
        _(
            "Records dated in the year (patents, utility models, designs, trademarks and "
            "certifications) of companies located in the city on the record's date."
        ),
    ),
    (
        "mou_count",
        _("MOUs"),
        _(
            "MOU records dated in the year of companies located in the city on the record's "
            "date. Business agreements are counted apart."
        ),
    ),
    (
        "employees",
        _("Employees and employment growth"),
        _(
            "The sum of the employees (상시근로자) reported for the year by the supported "
            "companies of the year that also reported the year before. Growth is Σ this year / "
            "Σ last year − 1 over the same companies, as a percentage rounded half-up to one "
            "decimal (6.85 becomes 6.9). Supported companies missing either year are excluded, "
            "and their number is shown."
        ),
    ),
    (
        "sales_won",
        _("Sales and sales growth"),
        _(
            "As for employees, with the yearly sales in won: the sum over the supported "
            "companies that reported both years, growth rounded half-up to one decimal, "
            "excluded companies counted."
        ),
    ),
    (
        "moved_in",
        _("Companies moved in"),
        _("Distinct companies with a relocation into the city dated in the year."),
    ),
    (
        "city_totals",
        _("Companies in the city"),
        _(
            "Registered companies (pre-founders excluded) founded on or before the date and "
            "located in the city on it: the direction of their first relocation after the date "
            "tells where they were; without a later relocation, the registry's current 관내 "
            "flag. Employees: for each company the latest employees figure reported for a year "
            "up to the date's year, or the registry's headcount when none was reported."
        ),
    ),
    (
        "ladder",
        _("Growth ladder"),
        _(
            "A company's stage at the end of the year is that of its latest stage change "
            "effective on or before that day; companies with no recorded change are on their "
            "current registry stage. Promoted: companies whose stage change in the year put "
            "them on a higher rung than their previous recorded stage; a first recorded stage "
            "counts as a promotion onto the ladder."
        ),
    ),
    (
        "funnels",
        _("Selection funnels"),
        _(
            "Applicants and selected companies per call of a growth-ladder programme. Applied = "
            "the call's submitted applications not withdrawn; selected = the year's promotions "
            "onto the rung the programme leads to. A call without recorded applications shows "
            "no applicant count; a rung without a programme that year has no funnel."
        ),
    ),
    (
        "money",
        _("Amounts"),
        _(
            "Amounts are shown in 억원 (100 million won) rounded half-up to one decimal; the "
            "exact figure in won is in the tooltip, the drill-down lists and the Excel and JSON "
            "files."
        ),
    ),
]
