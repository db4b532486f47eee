"""pydantic models of the connector's messages and API payloads."""

from __future__ import annotations
