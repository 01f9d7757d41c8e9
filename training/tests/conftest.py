import pytest

from accounts.tests.factories import UserFactory
from training.tests.factories import DesignProgrammeFactory


@pytest.fixture
def leader(db):
    return UserFactory(username="leader1", email="leader1@example.org")


@pytest.fixture
def expert(db):
    """An assigned staff expert (a hub team member without admin rights)."""
    return UserFactory(username="expert1", email="expert1@example.org")


@pytest.fixture
def programme(leader, expert):
    return DesignProgrammeFactory(leaders=[leader], experts=[expert])


@pytest.fixture
def admin(db):
    return UserFactory(username="hubadmin", email="hubadmin@example.org", is_staff=True)
