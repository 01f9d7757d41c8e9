"""A hub-wide suspension ends every session, including the cached copy of a cached_db session."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from moderation.services.members import end_sessions

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "engine", ["django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db", "hub.sessions"]
)
def test_end_sessions_logs_the_person_out_whatever_the_session_engine(client, settings, engine):
    settings.SESSION_ENGINE = engine
    amina, kofi = UserFactory(), UserFactory()
    client.force_login(amina)
    other = type(client)()
    other.force_login(kofi)
    edit = reverse("accounts:profile-edit")
    assert client.get(edit).status_code == 200
    assert end_sessions(amina) == 1
    response = client.get(edit)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert other.get(edit).status_code == 200  # nobody else is logged out
