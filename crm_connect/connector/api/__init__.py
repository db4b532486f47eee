"""The connector's REST endpoints (Django REST framework views)."""

from __future__ import annotations
