"""The protocols ``crm_connect`` speaks, one subpackage each.

Each ``crm_connect.<protocol>`` package holds its rendering, schemas and checks; its
``checks`` module registers its system checks when imported (``CrmConnectConfig.ready``).
A new protocol is one subpackage plus one name here.
"""

from __future__ import annotations

PROTOCOLS = ("connector", "ucp", "skylight")
