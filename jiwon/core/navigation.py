"""The main menu as data: each app registers its entries in its AppConfig.ready(), in a group
named after what people do there, and the menu shows each signed-in user the entries their
capabilities allow (visitors: the public ones). Core names no other app's pages.

    register_nav(NavItem("loans:list", _("Loans"), "loans.view_all", group=SUPPORT, order=20))
"""

from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jiwon.core.permissions import has_perm

Label = str | Promise


@dataclass(frozen=True)
class Group:
    key: str
    label: Label
    order: int


# Company members work in the portal; staff groups follow the life of support.
HOME = Group("home", _("Home"), 0)
PORTAL = Group("portal", _("My company"), 10)
NOTICES = Group("notices", _("Notices"), 20)
PROGRAMMES = Group("programmes", _("Programmes"), 30)
SUPPORT = Group("support", _("Support services"), 40)
COMPANIES = Group("companies", _("Companies"), 50)
RESULTS = Group("results", _("Outcomes"), 60)
EVALUATION = Group("evaluation", _("Evaluation"), 70)
OVERSIGHT = Group("oversight", _("Oversight"), 80)


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Label
    # None: everyone signed in; otherwise the capability the entry needs.
    capability: str | None
    group: Group
    order: int = 100
    public: bool = False  # shown to visitors who are not signed in, too
    exact: bool = False  # current only on its own URL, not on the pages below it
    # The start page of a role with neither the portal nor the back office (a partner bank's
    # users): core.views.home sends whoever may see it there.
    start: bool = False


_ITEMS: dict[str, NavItem] = {}


def register_nav(item: NavItem) -> NavItem:
    """Add `item` to the menu (the same URL name again replaces it: ready() may run twice)."""
    _ITEMS[item.url_name] = item
    return item


def _visible(item: NavItem, request: HttpRequest) -> bool:
    user = request.user
    if not user.is_authenticated:
        return item.public
    return item.capability is None or has_perm(user, item.capability)


@dataclass(frozen=True)
class MenuEntry:
    url: str
    label: Label
    current: bool


@dataclass
class MenuGroup:
    key: str
    label: Label
    items: list[MenuEntry] = field(default_factory=list)

    @property
    def current(self) -> bool:
        return any(entry.current for entry in self.items)


def start_page(request: HttpRequest) -> str | None:
    """The URL of the first start page `request.user` may see, if any."""
    for item in sorted(_ITEMS.values(), key=lambda i: (i.group.order, i.order, i.url_name)):
        if item.start and request.user.is_authenticated and _visible(item, request):
            return reverse(item.url_name)
    return None


def menu_for(request: HttpRequest) -> list[MenuGroup]:
    """The groups of the menu with the entries `request.user` may see, in order; a group with
    no visible entry is left out."""
    groups: dict[str, MenuGroup] = {}
    for item in sorted(_ITEMS.values(), key=lambda i: (i.group.order, i.order, i.url_name)):
        if not _visible(item, request):
            continue
        url = reverse(item.url_name)
        current = request.path == url if item.exact else request.path.startswith(url)
        group = groups.setdefault(item.group.key, MenuGroup(item.group.key, item.group.label))
        group.items.append(MenuEntry(url, item.label, current))
    return list(groups.values())
