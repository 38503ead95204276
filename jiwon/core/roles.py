from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    AGENCY_ADMIN = "agency_admin", _("Agency admin")
    PROGRAM_OFFICER = "program_officer", _("Program officer")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    EVALUATOR = "evaluator", _("Evaluator")
    MENTOR = "mentor", _("Mentor")
    COMPANY_MEMBER = "company_member", _("Company member")
    CITY_VIEWER = "city_viewer", _("City viewer")
    AUDITOR = "auditor", _("Auditor")
    BANK_USER = "bank_user", _("Partner bank user")
