"""The region picker of company forms: the 시군구 in force grouped by their 시도 (a bare list of
270 "26110 중구", "27110 중구" was unreadable), the agency's own districts (관내: Anyang's)
first, and a search box (jiwon.js) that narrows the list as one types a name or a code."""

from collections.abc import Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from jiwon.core.models import Region
from jiwon.core.reference import current_regions


class _GroupedRegions(forms.models.ModelChoiceIterator):  # type: ignore[type-arg]
    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        regions = list(self.queryset)
        provinces = dict(
            Region.objects.filter(level=1, valid_to__isnull=True).values_list("code", "name_ko")
        )
        local = set(settings.JIWON_LOCAL_REGION_CODES)
        own = [self.choice(r) for r in regions if r.code in local]
        if own:
            yield (str(_("In the city")), own)
        groups: dict[str, list[Region]] = {}
        for region in regions:
            if region.code not in local:
                groups.setdefault(region.parent_code or region.code[:2], []).append(region)
        for code in sorted(groups):
            label = provinces.get(code, code)
            yield (
                label,
                [(self.field.prepare_value(r), f"{r.name_ko} ({r.code})") for r in groups[code]],
            )

    def choice(self, obj: Region) -> tuple[Any, str]:
        return (self.field.prepare_value(obj), f"{obj.name_ko} ({obj.code})")


class RegionField(forms.ModelChoiceField):  # type: ignore[type-arg]
    iterator = _GroupedRegions

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", current_regions())
        super().__init__(**kwargs)
        self.widget.attrs.update({"data-jw-search": "", "data-jw-search-label": _("Search")})
