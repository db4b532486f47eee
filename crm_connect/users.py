"""How a Django user becomes the connector's ``currentUser``.

Subclass :class:`UserAdapter` and name it in ``CRM_CONNECT["USER_ADAPTER"]`` to change
how the role, display name, username or locale are derived.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation

from crm_connect.conf import conf
from crm_connect.connector.schemas.connector import CurrentUser, UserAttributes

# Salesforce locale keys for languages that it only knows with a region.
SALESFORCE_REGIONS = {"en": "US", "pt": "BR", "zh": "CN", "nl": "NL"}


def salesforce_locale(language: str) -> str:
    """Turn a Django language code into a Salesforce-style ``LanguageLocaleKey``.

    A bare language takes the region of ``settings.LANGUAGE_CODE`` when that is the same
    language (``"en"`` under ``LANGUAGE_CODE = "en-gb"`` is ``en_GB``), else the region
    Salesforce uses for it (``en_US``, ``pt_BR``, ``zh_CN``, ``nl_NL``), else none.

    >>> salesforce_locale("en-us"), salesforce_locale("pt-br"), salesforce_locale("de")
    ('en_US', 'pt_BR', 'de')
    """
    locale = translation.to_locale(language or settings.LANGUAGE_CODE)
    if "_" not in locale:
        site = translation.to_locale(settings.LANGUAGE_CODE)
        if site.split("_")[0] == locale and "_" in site:
            return site
        if locale in SALESFORCE_REGIONS:
            return f"{locale}_{SALESFORCE_REGIONS[locale]}"
    return locale


class UserAdapter:
    """Default mapping. Every method takes the user and returns a string."""

    def role(self, user: Any) -> str:
        return "Admin" if getattr(user, "is_superuser", False) else "User"

    def name(self, user: Any) -> str:
        full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
        return str(full_name or user.get_username())

    def username(self, user: Any) -> str:
        if conf.USERNAME_FIELD == "email":
            email = getattr(user, user.get_email_field_name(), "") or ""
            if email:
                return str(email)
        return str(user.get_username())

    def id(self, user: Any) -> str:
        return str(user.pk)

    def language(self, user: Any, language: str | None) -> str:
        """The user's language: the request's active language, else the site's."""
        return language or translation.get_language() or settings.LANGUAGE_CODE

    def locale(self, user: Any, language: str | None) -> str:
        return salesforce_locale(self.language(user, language))

    def current_user(self, user: Any, language: str | None = None) -> CurrentUser:
        return CurrentUser(
            attributes=UserAttributes(type=self.role(user)),
            name=self.name(user),
            username=self.username(user),
            id=self.id(user),
            language_locale_key=self.locale(user, language),
        )


def get_user_adapter() -> UserAdapter:
    adapter_class = conf.user_adapter_class()
    adapter: UserAdapter = adapter_class()
    return adapter
