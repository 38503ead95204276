"""The company registry's personal fields, declared once: each field of `Company` that holds
a person's data, with the capability that reads its value. Being declared here is what puts a
field in the personal-data access log (`privacy.company_personal_access`: every view, export
and change of it by staff is logged) and what masks it in the export and the API for a reader
without its capability (`access.personal_visibility`). So a new personal field cannot get its
guard and miss its logging, or the other way round (tests/test_personal_fields.py here).

The README's "Personal fields" table says the same in words.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class PersonalField:
    name: str
    label: str | Promise
    # Who reads the value. `companies.view_all`: every reader of the company (the name is on
    # the business registration and in published selections). `companies.view_personal`:
    # programme staff and the company's own members; auditors (`see_personal_recorded`) learn
    # only whether one is recorded, everyone else nothing.
    capability: str

    @property
    def guarded(self) -> bool:
        """Whether some readers of the company are refused the value."""
        return self.capability == VIEW_PERSONAL


VIEW_PERSONAL = "companies.view_personal"
SEE_RECORDED = "companies.see_personal_recorded"

PERSONAL = (
    PersonalField("representative_name", _("Representative"), "companies.view_all"),
    PersonalField("representative_birth_date", _("Representative's birth date"), VIEW_PERSONAL),
)

# Every personal field: logged when staff view, export or change it.
PERSONAL_FIELDS = tuple(f.name for f in PERSONAL)
# The ones only VIEW_PERSONAL reads: masked for everyone else.
GUARDED_FIELDS = tuple(f.name for f in PERSONAL if f.guarded)
