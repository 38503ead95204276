import pytest

from jiwon.accounts.tests.factories import UserFactory
from jiwon.core.actor import SYSTEM, SystemActor, actor_label, actor_user


@pytest.mark.parametrize("label", ["", "   "])
def test_it_refuses_a_system_actor_without_a_label(label):
    with pytest.raises(ValueError, match="needs a label"):
        SystemActor(label)


def test_a_system_actor_is_its_label():
    assert str(SYSTEM) == "system"
    assert SystemActor("excel-import") == SystemActor("excel-import")
    assert SystemActor("excel-import") != SYSTEM


def test_it_gives_the_user_behind_an_actor_for_foreign_keys(db):
    user = UserFactory()
    assert actor_user(user) is user
    assert actor_user(SystemActor("nightly-close")) is None


def test_it_labels_a_user_by_username_and_a_system_actor_by_its_label(db):
    assert actor_label(UserFactory(username="kim.officer")) == "kim.officer"
    assert actor_label(SystemActor("demo-loader")) == "demo-loader"
