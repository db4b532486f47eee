"""The example CRM's URLs plus the pages only the tests need (``tests/views.py``).

Tests that use them say so with ``pytest.mark.urls("tests.urls")``; the suite's
``ROOT_URLCONF`` stays the example project's.
"""

from __future__ import annotations

from django.urls import include, path

from tests import views

urlpatterns = [
    path("tests/connector-only/", views.connector_only, name="tests-connector-only"),
    path("tests/without-tag/", views.ContactListWithoutTag.as_view(), name="tests-without-tag"),
    path("", include("example_project.urls")),
]
