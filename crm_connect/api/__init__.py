"""Django REST framework endpoints of ``crm_connect``."""

from __future__ import annotations
