"""Django admin writes bypass the services, so the admin records its own audit entries
(through the audit port: the chain lives above core)."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms.models import BaseModelFormSet
from django.http import HttpRequest

from jiwon.core.auditing import record as audit_record
from jiwon.core.models import RoleUser

# ModelAdmin is generic for the type checker only (django-stubs); at run time it takes no
# parameter.
if TYPE_CHECKING:
    ModelAdmin = admin.ModelAdmin[models.Model]
else:
    ModelAdmin = admin.ModelAdmin


def _admin(request: HttpRequest) -> RoleUser:
    """The signed-in user writing through the admin (the admin site lets nobody else in)."""
    if not isinstance(request.user, RoleUser):
        raise PermissionDenied
    return request.user


def _form_changes(form: forms.BaseForm, change: bool) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name in form.changed_data:
        if "password" in name:
            # Secrets never enter the log: only the fact that they changed.
            changes[name] = ["***", "***"]
            continue
        before = str(form.initial.get(name)) if change else None
        changes[name] = [before, str(form.cleaned_data.get(name))]
    return changes


class AuditedModelAdmin(ModelAdmin):
    """The admin's change and delete views already run inside a transaction, so each entry
    commits or rolls back with the write it records."""

    def save_model(
        self, request: HttpRequest, obj: models.Model, form: forms.ModelForm[Any], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        audit_record(
            actor=_admin(request),
            action="core.admin_change" if change else "core.admin_add",
            obj=obj,
            changes=_form_changes(form, change),
        )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        audit_record(actor=_admin(request), action="core.admin_delete", obj=obj, changes={})
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        for obj in queryset:
            audit_record(actor=_admin(request), action="core.admin_delete", obj=obj, changes={})
        super().delete_queryset(request, queryset)

    def save_formset(
        self,
        request: HttpRequest,
        form: forms.ModelForm[Any],
        formset: BaseModelFormSet[Any, Any],
        change: bool,
    ) -> None:
        super().save_formset(request, form, formset, change)
        parent = form.instance
        for inline_form in formset.forms:
            if inline_form.has_changed() and inline_form.instance.pk:
                audit_record(
                    actor=_admin(request),
                    action="core.admin_change",
                    obj=parent,
                    changes={
                        "inline": inline_form.instance._meta.model_name,
                        **_form_changes(inline_form, change=bool(inline_form.initial)),
                    },
                )
        for deleted in formset.deleted_objects:
            audit_record(
                actor=_admin(request),
                action="core.admin_change",
                obj=parent,
                changes={"deleted": [str(deleted), None]},
            )
