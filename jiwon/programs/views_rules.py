"""Staff pages for a programme's eligibility rules: the no-code builder with its live count,
the version history, who qualifies (list and Excel) and why one company does or does not.

Counts and lists come from the batch engine over the whole registry; the company table is
read once per request (`_table`), however many counts the page shows.
"""

import json
import tempfile

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from jiwon.companies.access import company_for, personal_visibility
from jiwon.core.excel.cells import Message, Required
from jiwon.core.excel.sheets import XLSX_CONTENT_TYPE, both, header_row, set_widths, text_cell
from jiwon.core.pagination import int_param, page_number_from, paginate
from jiwon.core.permissions import has_perm
from jiwon.core.views_helpers import require, show_service_error
from jiwon.programs.access import program_for
from jiwon.programs.eligibility.rules import parse_program
from jiwon.programs.forms_rules import (
    GROUP_CHOICES,
    ROOT,
    ROOT_CHOICES,
    RuleEditor,
    SaveForm,
    add_choices,
    apply_action,
    as_root,
    error_messages,
    read_tree,
    rule_from_json_text,
)
from jiwon.programs.selectors import rules as selectors
from jiwon.programs.selectors.recommendations import explanation_for
from jiwon.programs.services.rules import can_add_rule_version, rule_version_add
from jiwon.programs.workflow import ProgramStatus

EXPORT_COLUMNS = (
    (Message(gettext_lazy("Name")), 30),
    (Message(gettext_lazy("Business number")), 16),
    (Message(gettext_lazy("region code")), 10),
    (Message(gettext_lazy("Region")), 24),
    (Message(gettext_lazy("KSIC code")), 10),
    (Message(gettext_lazy("Industry")), 40),
)
EXPORT_SHEET = "적격 기업"


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _table(request):
    table = getattr(request, "_jiwon_company_table", None)
    if table is None:
        table = request._jiwon_company_table = selectors.company_table()
    return table


def _typed_tree(data) -> dict | None:
    """The JSON typed, when it is at least JSON: its problems then name criteria in words."""
    try:
        typed = json.loads(str(data.get("rule_json", "")))
    except ValueError:
        return None
    return typed if isinstance(typed, dict) else None


def _in_force(request, program):
    """The version in force, what it reads as, and how many qualify under it (None, with the
    problems, if the stored rule no longer validates, e.g. a region code retired since)."""
    today = timezone.localdate()
    version = selectors.version_in_force(program, today)
    day = selectors.reference_date(program, today)
    try:
        eligibility = selectors.program_eligibility(program, today)
    except ValidationError as exc:
        problems = [m for _path, m in error_messages(exc, version.rule if version else None)]
        return {"version": version, "day": day, "today": today, "count": None, "problems": problems}
    return {
        "version": version,
        "day": day,
        "today": today,
        "count": selectors.count_eligible(eligibility, _table(request)),
        "summary": selectors.rule_summary(version.rule, day) if version else [],
    }


def _history(program, day):
    rows = []
    for version in selectors.rule_versions(program):
        try:
            summary, problems = selectors.rule_summary(version.rule, day), []
        except ValidationError as exc:
            summary, problems = [], exc.messages
        rows.append({"version": version, "summary": summary, "problems": problems})
    return rows


def _builder_context(request, program, rule, **extra):
    """What the builder partial shows for `rule`: the editor and the count under it."""
    today = timezone.localdate()
    vocabulary = extra.pop("vocabulary", None) or selectors.builder_vocabulary()
    vocabulary = selectors.with_ksic_names(vocabulary, rule)
    editor = RuleEditor(
        rule,
        day=selectors.reference_date(program, today),
        vocabulary=vocabulary,
        add_selected=extra.pop("add_selected", None),
    )
    draft = None
    if editor.valid:
        eligibility = selectors.draft_eligibility(program, editor.rule, today)
        draft = selectors.count_eligible(eligibility, _table(request))
    save_form = extra.pop("save_form", None) or SaveForm(initial={"effective_from": today})
    return {
        "program": program,
        "editor": editor,
        "draft": draft,
        "save_form": save_form,
        "json_text": editor.json,
        "published": program.status == ProgramStatus.PUBLISHED,
        "root_choices": ROOT_CHOICES,
        "group_choices": GROUP_CHOICES,
        "add_choices": add_choices(),
        **extra,
    }


def _render_page(request, program, builder=None):
    in_force = _in_force(request, program)
    versions = _history(program, in_force["day"])
    can_edit = can_add_rule_version(request.user, program)
    if can_edit and builder is None:
        newest = versions[0]["version"].rule if versions else selectors.EVERYONE
        builder = _builder_context(request, program, newest)
    context = {
        "program": program,
        "in_force": in_force,
        "versions": versions,
        "can_edit": can_edit,
        "can_manage": has_perm(request.user, "programs.manage"),
        "can_export": has_perm(request.user, "programs.export"),
        **(builder or {}),
    }
    return render(request, "programs/rules_page.html", context)


@require("programs.view_all")
def rules(request, pk):
    """The programme's rules: the version in force and its count, the history, and for
    managers the builder. The builder posts here; htmx requests get the builder back."""
    if request.method != "POST":
        return _render_page(request, program_for(request.user, pk))
    program = program_for(request.user, pk, action="change")
    if not can_add_rule_version(request.user, program):
        messages.error(request, _("The rules of this programme can no longer be changed."))
        return redirect("programs:rules", pk=program.pk)
    data = request.POST
    action = str(data.get("action", "refresh"))
    vocabulary = selectors.builder_vocabulary()
    tree = _posted_tree(data, program, vocabulary)
    extra = {"vocabulary": vocabulary, "save_form": SaveForm(data)}
    if action == "json":
        try:
            tree = as_root(rule_from_json_text(str(data.get("rule_json", ""))))
        except ValidationError as exc:
            extra["json_errors"] = [
                message for _path, message in error_messages(exc, _typed_tree(data))
            ]
            extra["json_typed"] = str(data.get("rule_json", ""))
    elif action.startswith(("add:", "remove:")):
        tree = apply_action(tree, action, data)
    elif action == "save":
        saved = _save(request, program, tree, extra)
        if saved is not None:
            return saved
    else:
        extra["add_selected"] = {
            key.removeprefix("add-"): str(value)
            for key, value in data.items()
            if key.startswith(f"add-{ROOT}")
        }
    builder = _builder_context(request, program, tree, **extra)
    if _is_htmx(request):
        return render(request, "programs/rules_builder.html", builder)
    return _render_page(request, program, builder)


def _posted_tree(data, program, vocabulary):
    """The rule the POST describes: the builder's fields, else the JSON the advanced form
    carries (`rule`: the builder's state, complete or not), else the newest version."""
    if f"{ROOT}-type" in data:
        return read_tree(data, vocabulary)
    try:
        carried = json.loads(str(data.get("rule", "")))
    except ValueError:
        carried = None
    if isinstance(carried, dict):
        return as_root(carried)
    newest = selectors.rule_versions(program)
    return as_root(newest[0].rule if newest else selectors.EVERYONE)


def _save(request, program, tree, extra):
    save_form = extra["save_form"]
    if not save_form.is_valid():
        extra["show_problems"] = True
        return None
    try:
        version = rule_version_add(
            actor=request.user,
            program=program,
            rule=tree,
            effective_from=save_form.cleaned_data["effective_from"],
            note=save_form.cleaned_data["note"],
        )
    except ValidationError as exc:
        # Problems with a path are shown beside their criterion by the editor (which checks
        # the rule again); the others (the programme's status, the date, the note) on the
        # save form.
        general = [e for e in exc.error_list if not (e.params or {}).get("path")]
        if general:
            show_service_error(request, ValidationError(general), form=save_form)
        extra["show_problems"] = True
        return None
    messages.success(
        request,
        _("Version %(version)s of the rules was saved; it takes effect on %(date)s.")
        % {"version": version.version, "date": version.effective_from.isoformat()},
    )
    url = reverse("programs:rules", kwargs={"pk": program.pk})
    if _is_htmx(request):
        return HttpResponse(headers={"HX-Redirect": url})
    return redirect(url)


@require("programs.view_all")
def rules_preview(request, pk):
    """The count ("N companies qualify (of M)") for the builder's rule before it is saved
    (POST), or for a saved version (GET, `version`; default the version in force)."""
    program = program_for(request.user, pk)
    today = timezone.localdate()
    if request.method == "POST":
        if not has_perm(request.user, "programs.manage"):
            raise PermissionDenied("programs.manage")
        rule = read_tree(request.POST, selectors.builder_vocabulary())
    else:
        version = _version(program, request.GET.get("version"), today)
        rule = version.rule if version else selectors.EVERYONE
    try:
        eligibility = parse_program(program.series, selectors.reference_date(program, today), rule)
    except ValidationError:
        return render(request, "programs/rules_count.html", {"draft": None})
    draft = selectors.count_eligible(eligibility, _table(request))
    return render(request, "programs/rules_count.html", {"draft": draft})


def _version(program, number, today):
    if not number:
        return selectors.version_in_force(program, today)
    try:
        return program.rule_versions.get(
            version=int_param(number, default=0, minimum=0, maximum=2**31)
        )
    except program.rule_versions.model.DoesNotExist as exc:
        raise Http404("no such version") from exc


def _eligible_ids(request, program):
    """Eligible company ids in list order, or None if the stored rule no longer validates."""
    try:
        ids = selectors.eligible_company_ids(program, table=_table(request))
    except ValidationError:
        return None
    return selectors.ids_by_name(ids)


@require("programs.view_all")
def eligible(request, pk):
    """The companies that qualify under the version in force, by name, a page at a time."""
    program = program_for(request.user, pk)
    ids = _eligible_ids(request, program)
    page = None
    if ids is not None:
        page = paginate(
            ids,
            page=page_number_from(request.GET.get("page")),
            per_page=settings.JIWON_PAGE_SIZE,
            count=True,
        )
        page.items = selectors.companies_by_id(page.items)
    today = timezone.localdate()
    return render(
        request,
        "programs/rules_eligible.html",
        {
            "program": program,
            "version": selectors.version_in_force(program, today),
            "reference_date": selectors.reference_date(program, today),
            "count": None if ids is None else len(ids),
            "total": _table(request).n,
            "page": page,
            "query": "",
            "can_export": has_perm(request.user, "programs.export"),
        },
    )


@require("programs.export")
def eligible_export(request, pk):
    program = program_for(request.user, pk)
    ids = _eligible_ids(request, program)
    if ids is None:
        messages.error(request, _("The rule in force is no longer valid; fix it first."))
        return redirect("programs:rules", pk=program.pk)
    # A file on disk rather than memory: every company may qualify. FileResponse closes it.
    out = tempfile.TemporaryFile()  # noqa: SIM115
    _write_eligible(selectors.companies_in_chunks(ids), out)
    out.seek(0)
    return FileResponse(
        out,
        as_attachment=True,
        filename=f"jiwon-program-{program.pk}-eligible-{timezone.localdate():%Y%m%d}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


def _write_eligible(companies, out) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(EXPORT_SHEET)
    set_widths(sheet, [width for _header, width in EXPORT_COLUMNS])
    sheet.freeze_panes = "A2"
    sheet.append(header_row(sheet, [(both(h), Required.NO) for h, _width in EXPORT_COLUMNS]))
    for company in companies:
        ksic = company.ksic
        sheet.append(
            [
                text_cell(sheet, company.name_ko),
                text_cell(sheet, company.brn_display),
                text_cell(sheet, company.region.code),
                text_cell(sheet, company.region.name_ko),
                text_cell(sheet, ksic.code if ksic else ""),
                text_cell(sheet, ksic.name_ko if ksic else ""),
            ]
        )
    workbook.save(out)


@require("programs.view_all")
def eligibility_explain(request, pk, company_pk):
    """One company against the programme's rule in force, criterion by criterion."""
    program = program_for(request.user, pk)
    company = company_for(request.user, company_pk)
    today = timezone.localdate()
    try:
        explanation = explanation_for(
            company=company,
            program=program,
            today=today,
            personal=personal_visibility(request.user, company) == "value",
        )
    except ValidationError as exc:
        explanation, problems = None, exc.messages
    else:
        problems = []
    return render(
        request,
        "programs/rules_explain.html",
        {
            "program": program,
            "company": company,
            "explanation": explanation,
            "problems": problems,
            "version": selectors.version_in_force(program, today),
        },
    )
