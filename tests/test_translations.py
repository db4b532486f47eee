"""Translations: the German catalog is complete, compiled and current, German pages show
German text, and ``LanguageLocaleKey`` follows the request's language.

The source check runs ``makemessages`` on a copy of the app, which needs GNU gettext's
``xgettext`` (Debian: ``apt-get install gettext``; ``.ci/run`` installs it). Without it
the test fails rather than skips: a catalog nobody checks goes stale.
"""

from __future__ import annotations

import ast
import gettext
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.template import Context, Template
from django.test import Client, RequestFactory, override_settings
from django.utils import translation

import crm_connect
from crm_connect.models import CallCenter
from crm_connect.users import UserAdapter

APP_DIR = Path(crm_connect.__file__).parent
LOCALES = ["de"]
CRM_DATA_URL = "/crm-connect/api/crm-data/"


# --- reading .po files ----------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> str:
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file (the header is the entry whose msgid is empty)."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int] | None = None
    started = False

    def finish() -> None:
        nonlocal entry, started, target
        if started:
            entries.append(entry)
        entry, started, target = Entry(), False, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            if started and not entry.obsolete:
                finish()
            entry.obsolete = started = True
            continue
        if entry.obsolete or (
            target and target[0] == "msgstr" and not line.startswith(("msgstr", '"'))
        ):
            finish()  # a new entry without a blank line before it (makemessages' header)
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            keyword, rest = "", line
        value: str = ast.literal_eval(rest)
        if keyword == "":
            assert target is not None, f"{path}: a continuation line with nothing to continue"
            name, index = target
        elif keyword.startswith("msgstr["):
            name, index = "msgstr", int(keyword[len("msgstr[") : -1])
        else:
            name, index = keyword, 0
        started = True
        target = (name, index)
        if name == "msgstr":
            entry.msgstr[index] = entry.msgstr.get(index, "") + value
        elif name == "msgid":
            entry.msgid += value
        elif name == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + value
        elif name == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + value
        else:
            raise AssertionError(f"{path}: unknown keyword {keyword!r}")
    finish()
    return entries


def po_path(locale: str) -> Path:
    return APP_DIR / "locale" / locale / "LC_MESSAGES" / "django.po"


def test_the_po_reader_reads_what_it_should(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n\n'
        '#: a.py\n#, fuzzy, python-format\nmsgid "a %(x)s"\nmsgstr "b %(x)s"\n\n'
        'msgctxt "verb"\nmsgid "Call"\nmsgstr ""\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "eins"\nmsgstr[1] ""\n"viele"\n\n'
        '#~ msgid "gone"\n#~ msgstr "weg"\n'
        'msgid "next"\nmsgstr "nächste"\n',
        encoding="utf-8",
    )
    header, fuzzy, context, plural, obsolete, following = read_po(po)
    assert header.msgstr == {0: "Language: de\n"}
    assert (fuzzy.msgid, fuzzy.flags) == ("a %(x)s", {"fuzzy", "python-format"})
    assert (context.key, context.msgstr) == ("verb\x04Call", {0: ""})
    assert plural.msgstr == {0: "eins", 1: "viele"}
    assert obsolete.obsolete
    assert (following.msgid, following.msgstr, following.obsolete) == (
        "next",
        {0: "nächste"},
        False,
    )


# --- the catalogs ---------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_the_catalog_is_complete(locale: str) -> None:
    entries = read_po(po_path(locale))
    assert len(entries) > 50
    untranslated = [e.msgid for e in entries if e.msgid and not all(e.msgstr.values())]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    obsolete = [e.msgid for e in entries if e.obsolete]
    assert (untranslated, fuzzy, obsolete) == ([], [], [])


PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|\{\w+\}")


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_every_placeholder(locale: str) -> None:
    wrong = [
        (entry.msgid, text)
        for entry in read_po(po_path(locale))
        if entry.msgid
        for text in entry.msgstr.values()
        if sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(PLACEHOLDER.findall(text))
    ]
    assert wrong == []


@pytest.mark.parametrize("locale", LOCALES)
def test_the_compiled_catalog_matches_the_po_file(locale: str) -> None:
    """The committed .mo holds exactly the .po's translations (run ``make messages``)."""
    po = po_path(locale)
    with po.with_suffix(".mo").open("rb") as mo:
        compiled: dict[Any, str] = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    expected: dict[Any, str] = {}
    for entry in read_po(po):
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        if not entry.msgid:  # the header: msgfmt leaves out POT-Creation-Date
            header = entry.msgstr[0].splitlines(keepends=True)
            expected[""] = "".join(h for h in header if not h.startswith("POT-Creation-Date:"))
        elif entry.msgid_plural is None:
            expected[entry.key] = entry.msgstr[0]
        else:
            expected.update({(entry.key, n): text for n, text in entry.msgstr.items()})
    assert compiled == expected


@pytest.fixture(scope="module")
def fresh_msgids(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The msgids ``makemessages`` finds in the app's source today."""
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext not found: install GNU gettext (Debian: apt-get install gettext)")
    copy = tmp_path_factory.mktemp("messages") / "crm_connect"
    shutil.copytree(APP_DIR, copy, ignore=shutil.ignore_patterns("locale", "__pycache__"))
    (copy / "locale").mkdir()  # where makemessages writes
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "de", "--no-wrap"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return {e.key for e in read_po(copy / "locale" / "de" / "LC_MESSAGES" / "django.po")}


@pytest.mark.parametrize("locale", LOCALES)
def test_the_catalog_has_every_string_of_the_source_and_no_other(
    locale: str, fresh_msgids: set[str]
) -> None:
    committed = {entry.key for entry in read_po(po_path(locale)) if not entry.obsolete}
    assert "Close tab" in fresh_msgids
    assert sorted(fresh_msgids - committed) == [], "not in the catalog: run `make messages`"
    assert sorted(committed - fresh_msgids) == [], "no longer in the source: run `make messages`"


# --- German pages ---------------------------------------------------------------------


def render(source: str, request: HttpRequest | None = None) -> str:
    return Template("{% load crm_connect %}" + source).render(Context({"request": request}))


def test_the_ucp_controls_speak_german() -> None:
    with translation.override("de"):
        html = render('{% crm_connect_ucp_close_tab %}{% crm_connect_ucp_call "+4930123" %}')
    assert ">Tab schließen</button>" in html
    assert ">Anrufen</button>" in html


def config_of(html: str, element_id: str) -> dict[str, Any]:
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    assert match, f"no #{element_id} in the page"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


@pytest.mark.django_db
def test_the_skylight_launcher_and_its_messages_speak_german(
    rf: RequestFactory, agent: User, make_call_center: Any
) -> None:
    make_call_center(skylight_url="https://skylight.example.com/")
    request = rf.get("/")
    request.user = agent
    with translation.override("de"):
        html = render("{% crm_connect_skylight %}", request)
    assert '<button type="button" data-skylight-open>Skylight öffnen</button>' in html
    assert 'role="status">Skylight geschlossen</span>' in html
    labels = config_of(html, "crm-connect-skylight-config")["labels"]
    assert labels["ready"] == "Skylight verbunden"
    assert labels["POPUP_BLOCKED"].startswith("Das Skylight-Popup wurde blockiert.")


@pytest.mark.django_db
def test_the_connector_and_its_notifications_speak_german(
    rf: RequestFactory, agent: User, call_center: CallCenter
) -> None:
    request = rf.get("/")
    request.user = agent
    with translation.override("de"):
        html = render("{% crm_connect_connector %}", request)
    assert 'title="Contact Center"' in html
    config = config_of(html, "crm-connect-connector-config")
    assert config["texts"]["close"] == "Schließen"
    assert config["texts"]["chooserTitle"] == "Mehrere Datensätze passen zu {number}"
    assert config["crmData"]["currentUser"]["LanguageLocaleKey"] == "de"


def test_the_javascript_shows_no_english_of_its_own() -> None:
    """Launcher errors come from the labels the server renders, not from the script."""
    script = (APP_DIR / "static" / "crm_connect" / "skylight-page.js").read_text(encoding="utf-8")
    assert "labels[state.lastError.code] || state.lastError.message" in script


@pytest.fixture
def german_staff(client: Client, django_user_model: type[User]) -> Client:
    admin = django_user_model.objects.create_superuser("admin", "admin@example.com", "admin")
    client.force_login(admin)
    client.cookies["django_language"] = "de"
    return client


@pytest.mark.django_db
def test_the_admin_speaks_german(german_staff: Client) -> None:
    changelist = german_staff.get("/admin/crm_connect/callcenter/").content.decode()
    assert "crmData-Vorschau" in changelist
    assert "Callcenter hinzufügen" in changelist  # Django's "Add %s" with our verbose_name
    add = german_staff.get("/admin/crm_connect/callcenter/add/").content.decode()
    assert "Connector-URL" in add
    assert "Die einzubettende CRM-Connector-Seite." in add
    assert "Skylight-Popup" in add


@pytest.mark.django_db
def test_validation_errors_speak_german(german_staff: Client) -> None:
    response = german_staff.post(
        "/admin/crm_connect/callcenter/add/",
        {
            "name": "Main",
            "connector_url": "ftp://example.com/x",
            "settings": "{}",
            "skylight_window_name": "_blank",
            "skylight_window_features": "noopener",
        },
    )
    errors = response.context["adminform"].form.errors
    assert "Geben Sie eine http(s)-URL mit Host ein" in " ".join(errors["connector_url"])
    assert errors["skylight_window_name"] == [
        "'_blank' ist reserviert: window.open('_blank') findet das offene Popup nie wieder"
    ]
    assert errors["skylight_window_features"] == [
        "noopener lässt window.open() null zurückgeben, daher kann keine Nachricht Skylight "
        "erreichen"
    ]


@pytest.mark.django_db
def test_the_preview_page_speaks_german(german_staff: Client, agent: User) -> None:
    page = german_staff.get(
        "/admin/crm_connect/callcenter/preview-crm-data/", {"user": "agent"}
    ).content.decode()
    assert "Keines: Der crmData-Endpunkt antwortet mit 404" in page


@pytest.mark.django_db
def test_api_messages_speak_german(client: Client, agent: User) -> None:
    client.force_login(agent)
    response = client.get(CRM_DATA_URL, HTTP_ACCEPT_LANGUAGE="de")
    assert response.json() == {"detail": "Für diesen Benutzer ist kein Callcenter eingerichtet."}


# --- LanguageLocaleKey follows the request's language ---------------------------------

LANGUAGES = [
    ("en", "English"),
    ("en-gb", "British English"),
    ("de", "Deutsch"),
    ("pt-br", "Português (Brasil)"),
]


def locale_key(client: Client, **headers: Any) -> str:
    body = client.get(CRM_DATA_URL, headers=headers).json()
    return str(body["currentUser"]["LanguageLocaleKey"])


@pytest.mark.django_db
@override_settings(LANGUAGES=LANGUAGES)
@pytest.mark.parametrize(
    ("language", "expected"),
    [("de", "de"), ("en-gb", "en_GB"), ("pt-br", "pt_BR"), ("de-at", "de")],
)
def test_the_locale_key_follows_accept_language(
    client: Client, agent: User, call_center: CallCenter, language: str, expected: str
) -> None:
    client.force_login(agent)
    assert locale_key(client, accept_language=language) == expected


@pytest.mark.django_db
@override_settings(LANGUAGES=LANGUAGES)
def test_the_language_cookie_wins_over_accept_language(
    client: Client, agent: User, call_center: CallCenter
) -> None:
    client.force_login(agent)
    client.cookies["django_language"] = "pt-br"
    assert locale_key(client, accept_language="de") == "pt_BR"


@pytest.mark.django_db
@override_settings(LANGUAGES=LANGUAGES, LANGUAGE_CODE="en-gb")
def test_without_a_preference_the_sites_language_applies(
    client: Client, agent: User, call_center: CallCenter
) -> None:
    client.force_login(agent)
    assert locale_key(client) == "en_GB"


class ProfileLanguageAdapter(UserAdapter):
    """A project's adapter: the language saved on the user wins over the request's."""

    def language(self, user: Any, language: str | None) -> str:
        return "pt-br" if user.username == "agent" else super().language(user, language)


@pytest.mark.django_db
@override_settings(
    LANGUAGES=LANGUAGES,
    CRM_CONNECT={"USER_ADAPTER": "tests.test_translations.ProfileLanguageAdapter"},
)
def test_the_user_adapter_can_use_a_saved_preference(
    client: Client, agent: User, other_agent: User, call_center: CallCenter
) -> None:
    client.force_login(agent)
    assert locale_key(client, accept_language="de") == "pt_BR"
    client.force_login(other_agent)
    assert locale_key(client, accept_language="de") == "de"
