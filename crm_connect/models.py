from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError as PydanticValidationError

from crm_connect.conf import DEFAULTS
from crm_connect.connector.definition import field_problems, overlay, with_defaults
from crm_connect.connector.schemas.connector import CallCenterSettings
from crm_connect.origins import origin_of
from crm_connect.settings_model import CONNECTOR_MODES
from crm_connect.skylight.validators import FIELD_VALIDATORS


def validate_call_center_settings(value: Any) -> None:
    """Model-field validator: ``value`` must be a valid ``callCenterSettings`` object."""
    try:
        CallCenterSettings.model_validate(value)
    except PydanticValidationError as exc:
        errors = []
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"] if part != "root")
            message = f"{where}: {error['msg']}" if where else error["msg"]
            errors.append(ValidationError(message, code="invalid_call_center_settings"))
        raise ValidationError(errors) from exc


def validate_has_origin(value: str) -> None:
    if not origin_of(value):
        raise ValidationError(
            _("Enter an http(s) URL with a host, e.g. https://connector.example.com/."),
            code="no_origin",
        )


class CallCenter(models.Model):
    """A contact-center configuration: what ``crmData`` tells the connector.

    One call center is the default; others can apply to members of given groups.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    connector_url = models.URLField(
        _("connector URL"),
        max_length=500,
        validators=[validate_has_origin],
        help_text=_("The CRM Connector page to embed. Its origin is the only one trusted."),
    )
    settings = models.JSONField(
        _("call center settings"),
        default=dict,
        blank=True,
        validators=[validate_call_center_settings],
        help_text=_(
            "The callCenterSettings object: sections of string values, e.g. "
            '{"ReqGeneralInfo": {"reqInternalName": "DemoCC"}}.'
        ),
    )
    is_default = models.BooleanField(
        _("default"),
        default=False,
        help_text=_("Applies to every user who is not in one of another call center's groups."),
    )
    inherits_default = models.BooleanField(
        _("inherits the default's settings"),
        default=False,
        help_text=_(
            "Send the default call center's callCenterSettings with this one's laid over "
            "them, field by field: store only the fields that differ."
        ),
    )
    groups = models.ManyToManyField(
        "auth.Group",
        blank=True,
        related_name="crm_connect_call_centers",
        verbose_name=_("groups"),
        help_text=_("Members of these groups get this call center instead of the default."),
    )
    connector_mode = models.CharField(
        _("connector mode"),
        max_length=10,
        blank=True,
        choices=[(mode, mode) for mode in CONNECTOR_MODES],
        help_text=_(
            "docked: each CRM page frames the connector; window: one softphone window "
            "holds it for every tab. Empty: CRM_CONNECT's CONNECTOR_MODE."
        ),
    )
    # capabilities
    app_name = models.CharField(
        _("application name"),
        max_length=200,
        blank=True,
        help_text=_("capabilities.name; empty means the name of the site."),
    )
    directory_available = models.BooleanField(_("directory available"), default=True)
    reloads_on_navigation = models.BooleanField(_("reloads on navigation"), default=True)
    lightning_components_available = models.BooleanField(
        _("lightning components available"), default=False
    )
    # Skylight (CxEngage agent desktop popup)
    skylight_url = models.URLField(
        _("Skylight URL"),
        max_length=500,
        blank=True,
        validators=[validate_has_origin],
        help_text=_("The CxEngage Skylight page to open as a popup; empty disables Skylight."),
    )
    skylight_window_name = models.CharField(
        _("Skylight window name"), max_length=100, default=DEFAULTS.SKYLIGHT_WINDOW_NAME
    )
    skylight_window_features = models.CharField(
        _("Skylight window features"),
        max_length=200,
        default=DEFAULTS.SKYLIGHT_WINDOW_FEATURES,
    )
    skylight_crm_module = models.CharField(
        _("Skylight CRM module"),
        max_length=40,
        blank=True,
        choices=[
            ("zendesk", "zendesk"),
            ("salesforce-classic", "salesforce-classic"),
            ("salesforce-lightning", "salesforce-lightning"),
        ],
        help_text=_("Optional crmModule query parameter."),
    )
    skylight_default_work_mode = models.CharField(
        _("Skylight default work mode"),
        max_length=40,
        blank=True,
        help_text=_("Optional defaultWorkMode query parameter."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("call center")
        verbose_name_plural = _("call centers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="crm_connect_one_default_call_center",
                violation_error_message=_("Another call center is already the default."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """What the admin form refuses, ``full_clean()`` refuses too."""
        if self.settings is None:
            self.settings = {}  # as the form reads an empty settings box
        errors: dict[str, list[ValidationError]] = {}
        for name, validate in FIELD_VALIDATORS.items():
            try:
                validate(getattr(self, name))
            except ValidationError as exc:
                errors[name] = exc.error_list
        errors.update(self._definition_errors())
        if errors:
            raise ValidationError(errors)

    def parent(self) -> CallCenter | None:
        """The call center whose settings this one inherits: the default, unless this one
        is the default or does not inherit."""
        if not self.inherits_default or self.is_default:
            return None
        return CallCenter.objects.filter(is_default=True).exclude(pk=self.pk).first()

    def effective_settings(self, parent: CallCenter | None = None) -> Any:
        """What the connector gets: the parent's stored settings (if any), this one's laid
        over them, over the definition's defaults."""
        base = parent.settings if parent is not None else {}
        return with_defaults(overlay(base, self.settings) if parent is not None else self.settings)

    def _definition_errors(self) -> dict[str, list[ValidationError]]:
        if self.inherits_default and self.is_default:
            return {
                "inherits_default": [
                    ValidationError(
                        _("The default call center has no default to inherit from."),
                        code="default_inherits",
                    )
                ]
            }
        problems = field_problems(self.settings)
        if not problems:
            return {}
        return {
            "settings": [
                ValidationError(f"{key}: {message}", code="invalid_definition_field")
                for key, message in problems.items()
            ]
        }

    @property
    def connector_origin(self) -> str:
        return origin_of(self.connector_url)

    @property
    def skylight_origin(self) -> str:
        return origin_of(self.skylight_url)


class InteractionLog(models.Model):
    """An interaction saved by the connector (``requestSaveInteractionLog``)."""

    # Unique per agent, not overall: a transferred call is logged by each agent it reached.
    interaction_id = models.CharField(_("interaction id"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="crm_connect_interaction_logs",
        verbose_name=_("agent"),
    )
    record_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("record type"),
    )
    record_id = models.CharField(_("record id"), max_length=64, blank=True, db_index=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    comments = models.TextField(_("comments"), blank=True)
    topic = models.CharField(_("topic"), max_length=255, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    originating_address = models.CharField(_("originating address"), max_length=100, blank=True)
    destination_address = models.CharField(_("destination address"), max_length=100, blank=True)
    custom_fields = models.JSONField(_("custom fields"), default=dict, blank=True)
    payload = models.JSONField(_("payload as received"), default=dict, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("interaction log")
        verbose_name_plural = _("interaction logs")
        ordering = ["-created"]
        indexes = [models.Index(fields=["record_type", "record_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "interaction_id"],
                name="crm_connect_one_log_per_agent_and_interaction",
            )
        ]

    def __str__(self) -> str:
        return self.subject or self.interaction_id


class AbandonedInteractionLog(models.Model):
    """A log the browser gave up on: refused by the server, or still failing after
    ``LOG_RETRY_LIMIT`` tries. Kept as the browser had it, for staff to export from the
    admin and repair; at most ``ABANDONED_LOG_LIMIT`` per agent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="crm_connect_abandoned_logs",
        verbose_name=_("agent"),
    )
    interaction_id = models.CharField(_("interaction id"), max_length=200, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # JSON text with every non-ASCII character escaped: whatever the browser held (a lone
    # surrogate, a NUL, a number too large for JSON storage) is stored, not refused.
    data = models.TextField(_("data as JSON text"))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("abandoned interaction log")
        verbose_name_plural = _("abandoned interaction logs")
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.interaction_id or str(self.pk)


class CallCenterRevision(models.Model):
    """One saved change of a call center, from the admin or the ``crm_connect_definition``
    command: who, when, how, and what changed (``Section.field`` or a model field: old and
    new value)."""

    call_center = models.ForeignKey(
        CallCenter,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("call center"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    source = models.CharField(_("source"), max_length=40)
    #: ``[[key, old, new], ...]``; None stands for "absent".
    changes = models.JSONField(_("changes"), default=list)
    settings = models.JSONField(_("settings after the change"), default=dict)
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("call center revision")
        verbose_name_plural = _("call center revisions")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.call_center_id} {self.created:%Y-%m-%d %H:%M}"
