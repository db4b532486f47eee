"""The shared base of the Django REST framework endpoints (views, validation, OpenAPI);
the connector's views are in ``crm_connect.connector.api``."""

from __future__ import annotations
