"""``manage.py crm_connect_debug``: what a user gets from crm_connect, and what a page sends.

    manage.py crm_connect_debug --user agent              # crmData, its call center and why
    manage.py crm_connect_debug --url /contacts/1/        # CSP, framing headers, tags rendered
    manage.py crm_connect_debug --user agent --url /contacts/1/ --language de

See docs/debugging.md.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test import Client
from django.utils import translation

from crm_connect.management.page_report import report
from crm_connect.previews import preview_crm_data


class Command(BaseCommand):
    help = (
        "Print the crmData a user would get (with the call center that applies and why), "
        "and the effective CSP and framing headers of a URL with the crm_connect tags it "
        "renders."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", help="Username: print the crmData this user would get.")
        parser.add_argument(
            "--url",
            help="A path (or absolute URL) of this site to request, as --user when given.",
        )
        parser.add_argument(
            "--language",
            help="Language to preview in (e.g. de, pt-br); default: the site's LANGUAGE_CODE.",
        )
        parser.add_argument(
            "--host", help="Host header for --url; default: the first of ALLOWED_HOSTS."
        )
        parser.add_argument(
            "--secure", action="store_true", help="Request --url over https (for --url paths)."
        )
        parser.add_argument(
            "--follow", action="store_true", help="Follow redirects of --url to the final page."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["user"] and not options["url"]:
            raise CommandError("Give --user USERNAME, --url PATH, or both.")
        language = options["language"] or settings.LANGUAGE_CODE
        user = find_user(options["user"]) if options["user"] else None
        with translation.override(language):
            if user is not None:
                self.show_crm_data(user, language)
            if options["url"]:
                self.show_page(options, user, language)

    def show_crm_data(self, user: Any, language: str) -> None:
        preview = preview_crm_data(user, language)
        write = self.stdout.write
        write(f"User: {user.get_username()} (pk {user.pk}), language {preview.language}")
        call_center = preview.call_center
        if call_center is None:
            write("Call center: none (the crmData endpoint answers 404)")
        elif call_center.pk is None:
            write(f"Call center: from the CRM_CONNECT setting ({call_center.connector_url})")
        else:
            write(f"Call center: {call_center.name} (pk {call_center.pk}, from the database)")
        write(f"Why: {preview.reason}")
        if preview.crm_data is not None:
            write("crmData:")
            write(json.dumps(preview.crm_data, indent=2, ensure_ascii=False))

    def show_page(self, options: dict[str, Any], user: Any, language: str) -> None:
        url = str(options["url"])
        parts = urlsplit(url)
        if parts.scheme and parts.scheme not in ("http", "https"):
            raise CommandError(f"--url must be a path or an http(s) URL, not {url!r}.")
        host = parts.netloc or options["host"] or default_host()
        secure = parts.scheme == "https" if parts.scheme else bool(options["secure"])
        path = parts.path or "/"
        if parts.query:
            path += f"?{parts.query}"
        client = Client(raise_request_exception=False, HTTP_HOST=host)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        if user is not None:
            client.force_login(user)
        response = client.get(
            path, secure=secure, follow=bool(options["follow"]), HTTP_ACCEPT_LANGUAGE=language
        )
        scheme = "https" if secure else "http"
        who = f" as {user.get_username()}" if user is not None else " (anonymous)"
        if user is not None:
            self.stdout.write("")
        self.stdout.write(f"GET {scheme}://{host}{path}{who}")
        if response.status_code == 404:
            raise CommandError(f"{path} answered 404 Not Found on host {host}.")
        if response.status_code >= 500:
            raise CommandError(
                f"{path} answered {response.status_code}: the view failed; see the server log "
                "or run the page with DEBUG = True."
            )
        if 300 <= response.status_code < 400:
            self.stdout.write(
                f"Redirected to {response.get('Location', '?')} "
                "(use --follow to report the page it leads to)."
            )
        for line in report(response).lines():
            self.stdout.write(line)


def find_user(username: str) -> Any:
    model = get_user_model()
    try:
        return model._default_manager.get_by_natural_key(username)
    except model.DoesNotExist:
        raise CommandError(f"No user with username {username!r}.") from None


def default_host() -> str:
    """A host the site answers to: the first concrete entry of ``ALLOWED_HOSTS``."""
    for host in settings.ALLOWED_HOSTS:
        host = host.lstrip(".")
        if host and host != "*":
            return host
    return "localhost"
