"""The community's Discussions tab, before its list arrives: a labelled loading state (not a
bare link), and for readers without JavaScript the link to the list."""

import pytest

pytestmark = pytest.mark.django_db


def test_discussions_tab_shows_a_loading_state_until_the_list_loads(client, community):
    html = client.get(community.get_absolute_url()).content.decode()
    tab = html.split('id="community-threads"', 1)[1].split("</noscript>", 1)[0]
    assert 'aria-busy="true"' in tab and 'role="status"' in tab and "Loading the discussions…" in tab
    assert "placeholder-glow" in tab  # skeleton rows keep the layout from jumping
    noscript = tab.split("<noscript>", 1)[1]
    assert "Show the discussions" in noscript and f"/c/{community.slug}/" in noscript
