"""Django admin writes bypass the services, so the admin records its own audit entries
(through the audit port: the chain lives above core)."""

from django.contrib import admin

from jiwon.core.auditing import record as audit_record


def _form_changes(form, change: bool) -> dict:
    changes = {}
    for name in form.changed_data:
        if "password" in name:
            # Secrets never enter the log: only the fact that they changed.
            changes[name] = ["***", "***"]
            continue
        before = str(form.initial.get(name)) if change else None
        changes[name] = [before, str(form.cleaned_data.get(name))]
    return changes


class AuditedModelAdmin(admin.ModelAdmin):
    """The admin's change and delete views already run inside a transaction, so each entry
    commits or rolls back with the write it records."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="core.admin_change" if change else "core.admin_add",
            obj=obj,
            changes=_form_changes(form, change),
        )

    def delete_model(self, request, obj):
        audit_record(actor=request.user, action="core.admin_delete", obj=obj, changes={})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_record(actor=request.user, action="core.admin_delete", obj=obj, changes={})
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        parent = form.instance
        for inline_form in formset.forms:
            if inline_form.has_changed() and inline_form.instance.pk:
                audit_record(
                    actor=request.user,
                    action="core.admin_change",
                    obj=parent,
                    changes={
                        "inline": inline_form.instance._meta.model_name,
                        **_form_changes(inline_form, change=bool(inline_form.initial)),
                    },
                )
        for deleted in formset.deleted_objects:
            audit_record(
                actor=request.user,
                action="core.admin_change",
                obj=parent,
                changes={"deleted": [str(deleted), None]},
            )
