"""Renders an Explanation as "what the company has — what the programme requires" in the
active language (English msgids; the Korean comes from the translation catalogue)."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from jiwon.programs.eligibility import rules as r
from jiwon.programs.eligibility.codes import ksic_name, region_name

CERTIFICATION_LABELS = {
    "venture": _("Venture company (벤처기업)"),
    "innobiz": _("Inno-Biz (이노비즈)"),
    "mainbiz": _("Main-Biz (메인비즈)"),
    "women": _("Women-owned business (여성기업)"),
    "social": _("Social enterprise (사회적기업)"),
    "disabled": _("Disabled-owned business (장애인기업)"),
    "small_manufacturer": _("Small manufacturer (소공인)"),
}
OWNERSHIP_REQUIREMENTS = {
    "women": _("must be a certified women-owned business on %(date)s"),
    "disabled": _("must be a certified disabled-owned business on %(date)s"),
    "social": _("must be a certified social enterprise on %(date)s"),
}


def render(explanation) -> str:
    node = explanation.node
    value = VALUE[type(node)](node, explanation.value, explanation)
    return f"{value} — {requirement(node, explanation.reference_date)}"


def duration(months: int) -> str:
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(ngettext("%(count)d year", "%(count)d years", years) % {"count": years})
    if rest:
        parts.append(ngettext("%(count)d month", "%(count)d months", rest) % {"count": rest})
    return " ".join(parts) if parts else gettext("less than a month")


def won(amount: int) -> str:
    return gettext("%(amount)s won") % {"amount": number_format(amount, force_grouping=True)}


def _listed(items) -> str:
    return ", ".join(str(i) for i in items)


def _bounds(node, low_text, high_text, both_text, shown=str, **extra) -> str:
    low, high = node.minimum, node.maximum
    if low is not None and high is not None:
        return both_text % {"min": shown(low), "max": shown(high), **extra}
    if low is not None:
        return low_text % {"min": shown(low), **extra}
    return high_text % {"max": shown(high), **extra}


def requirement(node: r.Node, day) -> str:
    if isinstance(node, r.All):
        return gettext("must meet all of these")
    if isinstance(node, r.AnyOf):
        return gettext("must meet at least one of these")
    if isinstance(node, r.Not):
        return gettext("must not meet this: %(requirement)s") % {
            "requirement": requirement(node.criterion, day)
        }
    if isinstance(node, r.RegionRule):
        parts = []
        if node.local_only:
            parts.append(gettext("must be local (관내)"))
        if node.include:
            names = _listed(region_name(c) for c in node.include)
            parts.append(gettext("must be in %(regions)s") % {"regions": names})
        if node.exclude:
            names = _listed(region_name(c) for c in node.exclude)
            parts.append(gettext("must not be in %(regions)s") % {"regions": names})
        return "; ".join(parts)
    if isinstance(node, r.IndustryRule):
        parts = []
        if node.include:
            parts.append(gettext("must be in KSIC %(codes)s") % {"codes": _listed(node.include)})
        if node.exclude:
            parts.append(
                gettext("must not be in KSIC %(codes)s") % {"codes": _listed(node.exclude)}
            )
        return "; ".join(parts)
    if isinstance(node, r.YearsInBusiness):
        return years_requirement(node)
    if isinstance(node, r.RepresentativeAge):
        return _bounds(
            node,
            gettext("must be aged at least %(min)s"),
            gettext("must be aged at most %(max)s"),
            gettext("must be aged %(min)s to %(max)s"),
        )
    if isinstance(node, r.Employees):
        return _bounds(
            node,
            gettext("must have at least %(min)s employees"),
            gettext("must have at most %(max)s employees"),
            gettext("must have %(min)s to %(max)s employees"),
        )
    if isinstance(node, r.Sales) and node.basis == "last_year":
        return _bounds(
            node,
            gettext("last year's sales must be at least %(min)s"),
            gettext("last year's sales must be at most %(max)s"),
            gettext("last year's sales must be from %(min)s to %(max)s"),
            shown=won,
        )
    if isinstance(node, r.Sales):
        return _bounds(
            node,
            gettext("average sales of %(first)s–%(last)s must be at least %(min)s"),
            gettext("average sales of %(first)s–%(last)s must be at most %(max)s"),
            gettext("average sales of %(first)s–%(last)s must be from %(min)s to %(max)s"),
            shown=won,
            first=day.year - 3,
            last=day.year - 1,
        )
    if isinstance(node, r.Certified):
        kinds = _listed(CERTIFICATION_LABELS[k] for k in node.kinds)
        text = (
            gettext("must hold all of these certifications, valid on %(date)s: %(kinds)s")
            if node.mode == "all"
            else gettext("must hold one of these certifications, valid on %(date)s: %(kinds)s")
        )
        return text % {"date": day.isoformat(), "kinds": kinds}
    if isinstance(node, r.OWNERSHIP):
        return str(OWNERSHIP_REQUIREMENTS[node.kind]) % {"date": day.isoformat()}
    if isinstance(node, r.PastSelection):
        span = duration(node.within_years * 12)
        return gettext("must not have been selected in %(programs)s within %(span)s") % {
            "programs": _listed(node.programs),
            "span": span,
        }
    if isinstance(node, r.InProgress):
        if node.programs:
            return gettext("must have at most %(max)s projects in progress in %(programs)s") % {
                "max": node.maximum,
                "programs": _listed(node.programs),
            }
        return gettext("must have at most %(max)s projects in progress") % {"max": node.maximum}
    return gettext("must be at growth stage %(stages)s") % {"stages": _listed(node.include)}


def years_requirement(node: r.YearsInBusiness) -> str:
    if node.prefounder == "required":
        return gettext("must be a pre-founder (not yet in business)")
    parts = []
    if node.min_years is not None:
        span = duration(node.min_years * 12)
        if node.min_inclusive:
            parts.append(gettext("at least %(span)s") % {"span": span})
        else:
            parts.append(gettext("more than %(span)s") % {"span": span})
    if node.max_years is not None:
        span = duration(node.max_years * 12)
        if node.max_inclusive:
            parts.append(gettext("at most %(span)s") % {"span": span})
        else:
            parts.append(gettext("under %(span)s") % {"span": span})
    if not parts:
        return gettext("must be in business (not a pre-founder)")
    bounds = (
        gettext("%(first)s and %(second)s") % {"first": parts[0], "second": parts[1]}
        if (len(parts) == 2)
        else parts[0]
    )
    if node.prefounder == "allowed":
        return gettext("must be %(bounds)s, or a pre-founder") % {"bounds": bounds}
    return gettext("must be %(bounds)s") % {"bounds": bounds}


def value_combinator(node, value, explanation) -> str:
    return gettext("%(met)s of %(count)s met") % {"met": value["met"], "count": value["of"]}


def value_region(node, value, explanation) -> str:
    text = gettext("located in %(region)s") % {"region": region_name(value["region"])}
    if value["local"]:
        text = gettext("%(text)s (local)") % {"text": text}
    return text


def value_industry(node, value, explanation) -> str:
    code = value["ksic"]
    if not code:
        return gettext("no KSIC code")
    name_ko, name_en = ksic_name(code)
    name = name_ko if (get_language() or "").startswith("ko") else name_en
    return gettext("KSIC %(code)s %(name)s") % {"code": code, "name": name}


def value_years(node, value, explanation) -> str:
    if value["prefounder"]:
        return gettext("pre-founder (not yet in business)")
    if value["months"] < 0:
        return gettext("founded after the reference date")
    return gettext("%(span)s in business") % {"span": duration(value["months"])}


def value_age(node, value, explanation) -> str:
    return gettext("representative aged %(age)s") % {"age": value["age"]}


def value_employees(node, value, explanation) -> str:
    count = value["employees"]
    return ngettext("%(count)s employee", "%(count)s employees", count) % {"count": count}


def value_sales(node, value, explanation) -> str:
    amount = won(value["sales_won"])
    if node.basis == "last_year":
        return gettext("last year's sales %(amount)s") % {"amount": amount}
    if not value["years"]:
        year = explanation.reference_date.year
        return gettext(
            "last year's sales %(amount)s (no yearly sales reported for %(first)s–%(last)s)"
        ) % {"amount": amount, "first": year - 3, "last": year - 1}
    years = _listed(value["years"])
    return gettext("average sales %(amount)s (reported for %(years)s)") % {
        "amount": amount,
        "years": years,
    }


def value_certified(node, value, explanation) -> str:
    if not value["valid"]:
        return gettext("no valid certification")
    kinds = _listed(CERTIFICATION_LABELS[k] for k in value["valid"])
    return gettext("valid certifications: %(kinds)s") % {"kinds": kinds}


def value_ownership(node, value, explanation) -> str:
    return gettext("certified") if value["certified"] else gettext("not certified")


def value_past_selection(node, value, explanation) -> str:
    if not value["selections"]:
        return gettext("not selected in these programmes in that period")
    program, on = value["selections"][-1]
    return gettext("selected in %(program)s on %(date)s") % {"program": program, "date": on}


def value_in_progress(node, value, explanation) -> str:
    count = value["in_progress"]
    return ngettext("%(count)s project in progress", "%(count)s projects in progress", count) % {
        "count": count
    }


def value_stage(node, value, explanation) -> str:
    day = explanation.reference_date.isoformat()
    if not value["stage"]:
        return gettext("no growth stage on %(date)s") % {"date": day}
    return gettext("growth stage %(stage)s on %(date)s") % {"stage": value["stage"], "date": day}


VALUE = {
    r.All: value_combinator,
    r.AnyOf: value_combinator,
    r.Not: value_combinator,
    r.RegionRule: value_region,
    r.IndustryRule: value_industry,
    r.YearsInBusiness: value_years,
    r.RepresentativeAge: value_age,
    r.Employees: value_employees,
    r.Sales: value_sales,
    r.Certified: value_certified,
    r.WomenOwned: value_ownership,
    r.DisabledOwned: value_ownership,
    r.SocialEnterprise: value_ownership,
    r.PastSelection: value_past_selection,
    r.InProgress: value_in_progress,
    r.GrowthStageIn: value_stage,
}
