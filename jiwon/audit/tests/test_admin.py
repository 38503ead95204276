from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.models import AuditEntry


def test_it_audits_company_edits_made_in_the_django_admin(client, admin_user, company):
    client.force_login(admin_user)
    url = f"/admin/companies/company/{company.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "employees": 99,
            "region": company.region_id,
            "ksic": company.ksic_id,
            "representative_birth_date": "1980-05-01",
            "founded_on": "2015-03-02",
            "certifications-TOTAL_FORMS": 0,
            "certifications-INITIAL_FORMS": 0,
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(action="core.admin_change")
    assert entry.changes["employees"] == ["10", "99"]
    assert entry.actor == admin_user


def test_it_never_writes_a_password_into_the_log(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "newbie",
            "password1": "S3cret-horse-77",
            "password2": "S3cret-horse-77",
            "role": "auditor",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="core.admin_add")
    assert "S3cret-horse-77" not in str(entry.changes)


def test_it_audits_deletions_in_the_admin(client, admin_user):
    victim = UserFactory(role="mentor")
    client.force_login(admin_user)
    client.post(f"/admin/accounts/user/{victim.pk}/delete/", {"post": "yes"})
    assert AuditEntry.objects.filter(action="core.admin_delete", object_id=str(victim.pk)).exists()
