import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["home", "about", "contact", "account_login", "account_signup"])
def test_site_pages_render(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b'<main id="main"' in response.content
