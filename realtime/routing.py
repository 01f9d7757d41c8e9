"""The websocket routes of every app, registered in their ``AppConfig.ready()``.

``hub/asgi.py`` serves what is registered here, so the project wiring never imports a
content app and each app keeps its routes in its own ``routing.py``.
"""

_patterns: list = []


def register(patterns) -> None:
    """Add an app's ``websocket_urlpatterns`` (once, in the order the apps are installed)."""
    for pattern in patterns:
        if pattern not in _patterns:
            _patterns.append(pattern)


def websocket_urlpatterns() -> list:
    return list(_patterns)
