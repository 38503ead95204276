from django.urls import reverse

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.models import CompanyKind, Membership
from jiwon.companies.tests.factories import CompanyFactory, member_of

PROFILE = reverse("accounts:profile")


def test_the_profile_lists_the_users_own_companies(client, db):
    own = CompanyFactory(name_ko="새솔테크")
    idea = CompanyFactory(name_ko="동네 공구 대여", kind=CompanyKind.PREFOUNDER, brn=None)
    CompanyFactory(name_ko="남의회사")
    user = member_of(own)
    Membership.objects.create(user=user, company=idea, kind=Membership.Kind.OWNER)
    client.force_login(user)

    page = client.get(PROFILE).content.decode()

    assert '<h2 id="profile-companies-title">My companies</h2>' in page
    assert f'href="{reverse("companies:detail", args=[own.pk])}"' in page
    assert f'href="{reverse("companies:detail", args=[idea.pk])}"' in page
    assert page.index("동네 공구 대여") < page.index("새솔테크")
    assert "Pre-founder" in page
    assert "남의회사" not in page


def test_the_profile_says_when_the_user_belongs_to_no_company(client, db):
    client.force_login(UserFactory())

    page = client.get(PROFILE).content.decode()

    assert "You are not a member of any company." in page
