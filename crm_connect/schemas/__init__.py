"""The base of the pydantic models every protocol's messages are defined with; each
protocol's models are in ``crm_connect.<protocol>.schemas``."""

from __future__ import annotations
