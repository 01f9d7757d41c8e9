"""Permission-matrix coverage of this app's URLs.

ROUTES maps every URL name this app defines to the test that checks who may use it
(every role x public/private/hidden where a community is involved).
tests/test_url_coverage.py fails when a route has no row here.
"""

ROUTES: dict[str, str] = {
    "accounts:directory": "accounts/tests/test_directory.py::test_directory_access_anonymous_member_staff",
    "accounts:profile": "accounts/tests/test_profile.py::test_profile_page_access_anonymous_member_staff",
    "accounts:user-card": "accounts/tests/test_profile.py::test_user_card_follows_the_profile_rule",
    "accounts:session-end": "accounts/tests/test_sessions.py::test_session_end_access_anonymous_owner_other_member",
    "google_callback": "accounts/tests/test_sso.py::test_providers_nobody_configured_are_404_not_500",
    "google_login": "accounts/tests/test_sso.py::test_providers_nobody_configured_are_404_not_500",
    "google_login_by_token": "accounts/tests/test_sso.py::test_google_token_route_without_app_is_404",
    "microsoft_callback": "accounts/tests/test_sso.py::test_providers_nobody_configured_are_404_not_500",
    "microsoft_login": "accounts/tests/test_sso.py::test_providers_nobody_configured_are_404_not_500",
    "openid_connect_callback": "accounts/tests/test_sso.py::test_sso_provider_routes_access",
    "openid_connect_login": "accounts/tests/test_sso.py::test_sso_provider_routes_access",
    "orcid_callback": "accounts/tests/test_sso.py::test_providers_nobody_configured_are_404_not_500",
    "orcid_login": "accounts/tests/test_sso.py::test_providers_nobody_configured_are_404_not_500",
    "accounts:profile-edit": "accounts/tests/test_profile.py::test_profile_edit_access_anonymous_member_staff",
}
