"""The UCP protocol: the CRM page opened in a UCP tab."""

from __future__ import annotations
