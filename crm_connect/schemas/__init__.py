"""pydantic models: the one definition of every message and payload ``crm_connect`` speaks."""

from __future__ import annotations
