"""Fuzzing the interaction-log API with hostile JSON: lone surrogates, huge and
non-finite numbers, deep nesting, out-of-range dates. Never a 5xx, and every list and
admin page still renders afterwards (run it with DATABASE_URL for PostgreSQL too).

The strategies build JSON *text*, not Python values: ``1e400`` and lone surrogate escapes
are what a browser can send and what ``json.dumps`` would never write. Derandomized, so
CI runs the same bounded set of examples every time (a few seconds).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from crm_connect.models import AbandonedInteractionLog, InteractionLog
from tests.factories import log_data

pytestmark = pytest.mark.django_db

LOGS = reverse("crm_connect:interaction-logs")
ABANDONED = reverse("crm_connect:abandoned-interaction-logs")

# Strings with any code point, lone surrogates (category Cs) and NUL included, as
# JSON.stringify writes them: escaped.
texts = st.text(st.characters(codec=None), max_size=12).map(
    lambda text: json.dumps(text, ensure_ascii=True)
)
numbers = st.one_of(
    st.sampled_from(["1e400", "-1e400", "1e-400", "-0.0", "1e308", "9" * 400]),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
)
leaves = st.one_of(texts, numbers, st.sampled_from(["true", "false", "null"]))
fragments = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=3).map(lambda items: "[" + ",".join(items) + "]"),
        st.lists(st.tuples(texts, children), max_size=3).map(
            lambda pairs: "{" + ",".join(f"{k}:{v}" for k, v in pairs) + "}"
        ),
    ),
    max_leaves=8,
)
nested = st.integers(min_value=1, max_value=600).map(lambda n: "[" * n + "0" + "]" * n)
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
instants = st.datetimes(
    min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59), timezones=offsets
)
start_times = st.one_of(
    instants.map(lambda moment: json.dumps(moment.isoformat())),
    instants.map(lambda moment: json.dumps(moment.timetz().isoformat())),
    st.integers(min_value=-(10**17), max_value=10**17).map(str),
    numbers,
    texts,
)
start_dates = st.one_of(instants.map(lambda moment: json.dumps(moment.date().isoformat())), texts)
interaction_ids = st.one_of(
    st.sampled_from(['"call-1"', '"call-2"', "7"]),
    texts.filter(lambda text: len(text) > 2),
)


def log_text(values: dict[str, str]) -> str:
    """A log whose ``__NAME__`` placeholders are replaced by JSON fragments verbatim."""
    data = log_data(
        "__ID__",
        subject="__SUBJECT__",
        start_time="__TIME__",
        custom_fields={"caseNumber": "__FIELD__"},
        extra="__EXTRA__",
    )
    data["message"]["body"]["interactionData"]["interaction"]["intrinsics"]["START_DATE"] = (
        "__DATE__"
    )
    text = json.dumps({"data": data})
    for name, fragment in values.items():
        text = text.replace(f'"__{name}__"', fragment)
    return text


@pytest.fixture
def client(agent_api_client: APIClient) -> APIClient:
    return agent_api_client  # every request here is the signed-in agent's


def test_hostile_logs_never_give_a_5xx_and_every_page_still_renders(
    client: APIClient, staff_client: Client
) -> None:
    statuses: set[int] = set()

    @settings(
        max_examples=60,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        interaction_id=interaction_ids,
        subject=texts,
        field=st.one_of(fragments, nested),
        extra=st.one_of(fragments, nested),
        time=start_times,
        date=start_dates,
    )
    def post_one(
        interaction_id: str, subject: str, field: str, extra: str, time: str, date: str
    ) -> None:
        values = {"ID": interaction_id, "SUBJECT": subject, "FIELD": field, "EXTRA": extra}
        text = log_text({**values, "TIME": time, "DATE": date})
        response = client.post(LOGS, text, content_type="application/json")
        assert response.status_code in (200, 201, 400), (response.status_code, text[:500])
        statuses.add(response.status_code)
        abandoned = f'{{"interactionId": {interaction_id}, "reason": {subject}, "data": {text}}}'
        kept = client.post(ABANDONED, abandoned, content_type="application/json")
        assert kept.status_code in (201, 400, 429), kept.status_code
        assert client.get(LOGS).status_code == 200

    post_one()
    assert statuses >= {201, 400}  # the strategies reach both sides
    assert InteractionLog.objects.exists()
    assert AbandonedInteractionLog.objects.exists()
    assert client.get(LOGS, {"limit": 100}).status_code == 200
    assert client.get(reverse("crm:interaction-log-list")).status_code == 200
    for admin in ("interactionlog", "abandonedinteractionlog"):
        assert staff_client.get(f"/admin/crm_connect/{admin}/").status_code == 200
    for log in InteractionLog.objects.all():
        page = staff_client.get(f"/admin/crm_connect/interactionlog/{log.pk}/change/")
        assert page.status_code == 200
