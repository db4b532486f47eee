"""The admin's *Preview crmData* page on the call-center admin."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from crm_connect.models import CallCenter

pytestmark = pytest.mark.django_db

PREVIEW_URL = "/admin/crm_connect/callcenter/preview-crm-data/"
CHANGELIST_URL = "/admin/crm_connect/callcenter/"
CRM_DATA_URL = "/crm-connect/api/crm-data/"


def staff(django_user_model: type[User], *codenames: str) -> User:
    user = django_user_model.objects.create_user("staff", "staff@example.com", "staff")
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def previewer(client: Client, django_user_model: type[User]) -> Client:
    client.force_login(staff(django_user_model, "view_callcenter", "view_user"))
    return client


def shown_json(content: bytes) -> Any:
    match = re.search(r'<pre id="crm-data-preview-json">(.*?)</pre>', content.decode(), re.S)
    assert match, "no crmData on the page"
    return json.loads(html.unescape(match.group(1)))


def test_shows_what_the_endpoint_answers_the_chosen_user(
    previewer: Client, agent: User, call_center: CallCenter
) -> None:
    response = previewer.get(PREVIEW_URL, {"user": "agent"})
    assert response.status_code == 200
    agent_client = Client()
    agent_client.force_login(agent)
    assert shown_json(response.content) == agent_client.get(CRM_DATA_URL).json()
    page = response.content.decode()
    assert f"/admin/crm_connect/callcenter/{call_center.pk}/change/" in page
    assert "default call center" in page


def test_shows_the_group_call_center_and_why(
    previewer: Client, agent: User, make_call_center: Any
) -> None:
    make_call_center()
    sales = make_call_center(name="Sales desk", is_default=False)
    group = Group.objects.create(name="Sales")
    sales.groups.add(group)
    agent.groups.add(group)
    page = previewer.get(PREVIEW_URL, {"user": "agent"}).content.decode()
    assert ">Sales desk</a>" in page
    assert "&#x201c;Sales&#x201d;" in page or "“Sales”" in page


def test_the_language_sets_the_locale_key(
    previewer: Client, agent: User, call_center: CallCenter
) -> None:
    response = previewer.get(PREVIEW_URL, {"user": "agent", "language": "de"})
    assert shown_json(response.content)["currentUser"]["LanguageLocaleKey"] == "de"


def test_a_user_without_a_call_center_is_said_so(previewer: Client, agent: User) -> None:
    response = previewer.get(PREVIEW_URL, {"user": "agent"})
    page = response.content.decode()
    assert "crmData endpoint answers 404" in page
    assert "crm-data-preview-json" not in page


def test_an_unknown_username_is_a_form_error(previewer: Client) -> None:
    response = previewer.get(PREVIEW_URL, {"user": "nobody"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"user": ["No user has this username."]}
    assert response.context["preview"] is None


def test_the_empty_form_previews_nothing(previewer: Client) -> None:
    response = previewer.get(PREVIEW_URL)
    assert response.status_code == 200
    assert response.context["preview"] is None
    assert not response.context["form"].errors


def test_the_change_list_links_to_the_preview(previewer: Client) -> None:
    assert PREVIEW_URL in previewer.get(CHANGELIST_URL).content.decode()


@pytest.mark.parametrize(
    "codenames",
    [("view_callcenter",), ("view_user",), ()],
    ids=["no users", "no call centers", "none"],
)
def test_staff_without_both_view_permissions_are_refused(
    client: Client, django_user_model: type[User], agent: User, codenames: tuple[str, ...]
) -> None:
    client.force_login(staff(django_user_model, *codenames))
    assert client.get(PREVIEW_URL, {"user": "agent"}).status_code == 403
    if "view_callcenter" in codenames:
        assert PREVIEW_URL not in client.get(CHANGELIST_URL).content.decode()


def test_users_who_are_not_staff_are_sent_to_the_login(client: Client, agent: User) -> None:
    client.force_login(agent)
    response = client.get(PREVIEW_URL, {"user": "agent"})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_previewing_writes_nothing(previewer: Client, agent: User, call_center: CallCenter) -> None:
    with CaptureQueriesContext(connection) as queries:
        previewer.get(PREVIEW_URL, {"user": "agent"})
    sql = [query["sql"].lstrip().upper() for query in queries]
    assert sql, "the preview ran no query at all"
    assert [statement for statement in sql if not statement.startswith("SELECT")] == []
