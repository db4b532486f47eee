"""The browser's retry policy for interaction logs (issue 13): a log refused with a 4xx
is dropped and the agent told; network errors and 5xx are kept and retried with backoff;
after LOG_RETRY_LIMIT tries in all it is given up and handed to the abandoned logs; a 409
never deletes the agent's log."""

from __future__ import annotations

import itertools
import time
from typing import Any

import pytest
from django.conf import settings
from django.test import override_settings
from playwright.sync_api import Page, Route

from crm_connect.models import AbandonedInteractionLog, InteractionLog
from tests.browser.test_connector_features import (
    LOGS_API,
    connected,
    listen,
    reply,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ABANDONED_API = "**/crm-connect/api/interaction-logs/abandoned/"


RECORD_ABANDONED = """window.__abandoned = [];
document.addEventListener('crm-connect:connector:logAbandoned',
  (event) => window.__abandoned.push(event.detail.data));"""


def fast(**values: Any) -> Any:
    return override_settings(CRM_CONNECT={**settings.CRM_CONNECT, **values})


def pending(page: Page) -> Any:
    return page.evaluate("crmConnect.connector.pendingLogs()")


@fast(LOG_RETRY_ATTEMPTS=3, LOG_RETRY_DELAY=150)
def test_a_5xx_is_kept_and_retried_with_backoff(
    agent_page: Page, crm: str, connector_call_center: Any
) -> None:
    times: list[float] = []

    def down(route: Route) -> None:
        times.append(time.monotonic())
        route.fulfill(status=503, body="unavailable")

    agent_page.route(LOGS_API, down)
    frame = connected(agent_page, "/", crm)
    frame.evaluate("sandbox.saveLog({interactionId: 'slow-1', subject: 'kept'})")
    notification = reply(frame, "displayErrorNotification")
    assert "slow-1" in notification["textArray"][0]
    assert len(times) == 3
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert gaps[0] >= 0.14
    assert gaps[1] >= 0.29  # doubled
    assert pending(agent_page) == ["slow-1"]
    assert not AbandonedInteractionLog.objects.exists()


@fast(LOG_RETRY_ATTEMPTS=2, LOG_RETRY_DELAY=20)
def test_a_409_never_deletes_the_agents_log(
    agent_page: Page, crm: str, connector_call_center: Any
) -> None:
    def conflict(route: Route) -> None:
        if route.request.method == "POST":
            route.fulfill(status=409, json={"data.message.body.interactionId": ["try again"]})
        else:
            route.continue_()

    agent_page.route(LOGS_API, conflict)
    frame = connected(agent_page, "/", crm)
    listen(agent_page, "logRetry", "logRejected")
    frame.evaluate("sandbox.saveLog({interactionId: 'moved-1', subject: 'transferred'})")
    reply(frame, "displayErrorNotification")
    assert pending(agent_page) == ["moved-1"]
    assert agent_page.evaluate("window.__events.logRetry.length") == 1
    assert agent_page.evaluate("window.__events.logRejected") == []

    agent_page.unroute(LOGS_API)  # the conflict passed: the next page saves it
    frame = connected(agent_page, "/", crm)
    reply(frame, "createHistoryItem")
    assert InteractionLog.objects.get().interaction_id == "moved-1"


@fast(LOG_RETRY_ATTEMPTS=1, LOG_RETRY_LIMIT=2, LOG_RETRY_DELAY=20)
def test_after_the_limit_a_log_is_given_up_and_handed_to_the_admin(
    agent_page: Page, crm: str, connector_call_center: Any, agent: Any
) -> None:
    saves: list[str] = []

    def down(route: Route) -> None:
        saves.append(route.request.method)
        route.fulfill(status=500, body="broken")

    agent_page.route(LOGS_API, down)
    agent_page.route(ABANDONED_API, lambda route: route.abort("connectionrefused"))

    # Page 1: one try, kept for the next page.
    frame = connected(agent_page, "/", crm)
    frame.evaluate("sandbox.saveLog({interactionId: 'doomed-1', subject: 'keep me'})")
    assert "doomed-1" in reply(frame, "displayErrorNotification")["textArray"][0]
    assert pending(agent_page) == ["doomed-1"]

    # Page 2: the second try is the last; handing it over fails: still kept, agent told.
    agent_page.add_init_script(RECORD_ABANDONED)  # pending logs go out as soon as connected
    frame = connected(agent_page, "/", crm)
    notification = reply(frame, "displayErrorNotification")
    assert "kept in this browser" in notification["textArray"][0]
    assert agent_page.evaluate("window.__abandoned") == [
        {"interactionId": "doomed-1", "reason": "HTTP 500", "exported": False}
    ]
    assert pending(agent_page) == ["doomed-1"]
    assert saves == ["POST", "POST"]

    # Page 3: no more saves; handed over, then gone from the browser.
    agent_page.unroute(ABANDONED_API)
    frame = connected(agent_page, "/", crm)
    notification = reply(frame, "displayErrorNotification")
    assert "handed to your CRM administrator" in notification["textArray"][0]
    agent_page.wait_for_function("crmConnect.connector.pendingLogs().length === 0")
    assert saves == ["POST", "POST"]
    abandoned = AbandonedInteractionLog.objects.get()
    assert (abandoned.interaction_id, abandoned.user, abandoned.attempts) == ("doomed-1", agent, 2)
    assert "keep me" in abandoned.data
    assert abandoned.reason == "HTTP 500"

    # Page 4: nothing left to send.
    frame = connected(agent_page, "/", crm)
    agent_page.wait_for_timeout(200)
    assert saves == ["POST", "POST"]
    assert AbandonedInteractionLog.objects.count() == 1
