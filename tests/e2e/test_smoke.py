from tests.e2e.conftest import assert_accessible


def test_home_page_loads_and_is_accessible(page, live_server_url):
    page.goto(live_server_url + "/")
    assert "Action Hub" in page.title()
    assert page.locator("main#main").is_visible()
    assert_accessible(page, "home")
