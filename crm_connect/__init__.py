"""django-crm-connect: contact-center integrations for Django CRMs over postMessage."""

from __future__ import annotations

__version__ = "0.1.0"
