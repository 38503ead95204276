"""The kinds of support a company receives: one vocabulary for every domain.

Selection records the kind a programme gives (reviews), the support ledger and the annual
report count by it (outcomes), and the domains that follow selection (grants, loans, spaces,
equipment) speak the same words. It lives in core so that none of them has to import another
to name a kind.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SupportKind(models.TextChoices):
    GRANT = "grant", _("Grant")
    VOUCHER = "voucher", _("Voucher")
    TENANCY = "tenancy", _("Tenancy")
    LOAN = "loan", _("Loan")
    LOAN_INTEREST_SUBSIDY = "loan_interest_subsidy", _("Loan interest subsidy")
    EDUCATION = "education", _("Education")
    MENTORING = "mentoring", _("Mentoring")
    MARKETING = "marketing", _("Marketing")
    EXPORT = "export", _("Export")
    EQUIPMENT = "equipment", _("Equipment")
    CONSULTING = "consulting", _("Consulting")
    OTHER = "other", _("Other")
