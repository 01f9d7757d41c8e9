"""Start the test identity provider: ``python -m accounts.tests.oidc_idp.serve CONFIG.json``.

CONFIG holds the users and the client to create.  The server listens on a free loopback port
and prints ``PORT <n>`` once it accepts connections; it stops when its stdin closes.
"""

import json
import os
import sys
import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def main(config_path):
    os.environ["DJANGO_SETTINGS_MODULE"] = "accounts.tests.oidc_idp.settings"
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    from accounts.tests.oidc_idp.validator import UNVERIFIED_GROUP

    with open(config_path) as handle:
        config = json.load(handle)
    call_command("migrate", verbosity=0, interactive=False)
    unverified, _ = Group.objects.get_or_create(name=UNVERIFIED_GROUP)
    for spec in config["users"]:
        user = User.objects.create_user(
            spec["username"],
            spec["email"],
            spec["password"],
            first_name=spec["first_name"],
            last_name=spec["last_name"],
        )
        if not spec.get("email_verified", True):
            user.groups.add(unverified)
    client = config["client"]
    Application.objects.create(
        name="Action Hub",
        client_id=client["client_id"],
        client_secret=client["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(client["redirect_uris"]),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    server = make_server("127.0.0.1", 0, get_wsgi_application(), server_class=_Server, handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"PORT {server.server_port}", flush=True)
    sys.stdin.read()  # until the test closes the pipe
    server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1])
