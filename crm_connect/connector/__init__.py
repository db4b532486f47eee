"""The CRM Connector protocol: an iframe the connector runs in, click-to-dial, CRM
data, records, directory and interaction logs."""

from __future__ import annotations
