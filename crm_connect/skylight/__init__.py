"""The CxEngage Skylight protocol: the agent desktop in a popup window."""

from __future__ import annotations
