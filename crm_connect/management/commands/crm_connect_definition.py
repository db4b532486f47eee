"""``manage.py crm_connect_definition``: call center definitions in version control.

    manage.py crm_connect_definition import zcli.apps.config.json --call-center Support \\
        [--connector-url https://connector.example.com/app/] [--connector-mode window] \\
        [--default]
    manage.py crm_connect_definition export Support --format json|xml > definition.json

Import reads the vendor's JSON or a Salesforce call center definition XML (the content
tells which), keeps it exactly as written and creates the call center when none has the
name; export prints the stored settings. See docs/admin.md.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from crm_connect.connector.definition_io import (
    MAX_BYTES,
    DefinitionFileError,
    parse,
    to_json,
    to_xml,
)
from crm_connect.models import CallCenter
from crm_connect.revisions import save_call_center, snapshot
from crm_connect.settings_model import CONNECTOR_MODES


class Command(BaseCommand):
    help = "Import a call center definition (JSON or XML) into a call center, or export one."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        load = commands.add_parser("import", help="Import FILE into a call center.")
        load.add_argument("file", help="A definition file, JSON or XML; - reads stdin.")
        load.add_argument("--call-center", required=True, help="The call center's name.")
        load.add_argument("--connector-url", help="Its connector URL (required to create it).")
        load.add_argument(
            "--connector-mode",
            choices=CONNECTOR_MODES,
            help="docked or window (docs/softphone-window.md); unset: CONNECTOR_MODE's.",
        )
        load.add_argument("--default", action="store_true", help="Make it the default.")
        dump = commands.add_parser("export", help="Print a call center's definition.")
        dump.add_argument("name", help="The call center's name.")
        dump.add_argument("--format", choices=["json", "xml"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            self.export(options["name"], options["format"])
        else:
            self.load(options)

    def export(self, name: str, format: str) -> None:
        try:
            call_center = CallCenter.objects.get(name=name)
        except CallCenter.DoesNotExist:
            raise CommandError(f"No call center is named {name!r}.") from None
        render = to_xml if format == "xml" else to_json
        try:
            self.stdout.write(render(call_center.settings), ending="")
        except DefinitionFileError as exc:
            raise CommandError(f"{name}: {exc}") from None

    def load(self, options: dict[str, Any]) -> None:
        path = options["file"]
        try:
            if path == "-":
                data = sys.stdin.buffer.read(MAX_BYTES + 1)
            else:
                with Path(path).open("rb") as file:
                    data = file.read(MAX_BYTES + 1)
            sections = parse(data)
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}.") from None
        except DefinitionFileError as exc:
            raise CommandError(f"{path}: {exc}") from None
        name = options["call_center"]
        call_center = CallCenter.objects.filter(name=name).first()
        created = call_center is None
        if call_center is None:
            if not options["connector_url"]:
                raise CommandError(
                    f"No call center is named {name!r}: give --connector-url to create it."
                )
            call_center = CallCenter(name=name)
        before = {} if created else snapshot(call_center)
        call_center.settings = sections
        if options["connector_url"]:
            call_center.connector_url = options["connector_url"]
        if options.get("connector_mode"):
            call_center.connector_mode = options["connector_mode"]
        try:
            save_call_center(call_center, before, source="command", make_default=options["default"])
        except ValidationError as exc:
            lines = [
                f"{field}: {message}"
                for field, messages in exc.message_dict.items()
                for message in messages
            ]
            raise CommandError("The definition was not imported:\n" + "\n".join(lines)) from None
        fields = sum(len(values) for values in sections.values())
        self.stdout.write(
            f"{'Created' if created else 'Updated'} call center {name!r}: {len(sections)} "
            f"sections, {fields} fields."
        )
