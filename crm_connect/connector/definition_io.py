"""Call center definitions in and out: the vendor's JSON (``zcli.apps.config.json``,
``{"parameters": {section: {field: "value"}}}``) and the Salesforce call center
definition XML (``<callCenter><section name=... label=... sortOrder=...><item name=...
label=... sortOrder=...>value</item>...``).

:func:`parse` reads either (the first character tells which) and returns the sections
exactly as written: string values as they are, nothing added, document order kept. What
it refuses raises :class:`DefinitionFileError` with a message for the administrator.

XML is read with the standard library's ``xml.etree.ElementTree`` (expat) after two
guards: at most :data:`MAX_BYTES`, and no document type declaration at all, so no entity
can be declared, expanded or fetched (the XXE and "billion laughs" attacks need one).
Exports label each field with its schema label in English.
"""

from __future__ import annotations

import json
import re
from typing import Any
from xml.etree import ElementTree as ET

from django.utils import translation

from crm_connect.connector.definition import IDENTIFIER, is_definition, schema

#: Largest definition file read (bytes); the vendor's is about 3 kB.
MAX_BYTES = 256 * 1024
_NAME = re.compile(IDENTIFIER)
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)

Sections = dict[str, dict[str, str]]


class DefinitionFileError(ValueError):
    """A file that is not a call center definition; the message says why."""


def parse(data: bytes) -> Sections:
    """The sections of a JSON or XML definition file, exactly as written."""
    if len(data) > MAX_BYTES:
        raise DefinitionFileError(f"The file is larger than {MAX_BYTES // 1024} KiB.")
    text = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"{"):
        return _parse_json(text)
    if text.startswith(b"<"):
        return _parse_xml(text)
    raise DefinitionFileError(
        'Neither JSON nor XML: expected the vendor\'s {"parameters": ...} or a '
        "<callCenter> definition."
    )


def _check(sections: Sections) -> Sections:
    for section, fields in sections.items():
        if not _NAME.match(section):
            raise DefinitionFileError(f"Section name {section!r} is not an identifier.")
        for name in fields:
            if not _NAME.match(name):
                raise DefinitionFileError(f"Field name {section}.{name!r} is not an identifier.")
    return sections


def _parse_json(text: bytes) -> Sections:
    try:
        document = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise DefinitionFileError(f"Not valid JSON: {exc}.") from None
    parameters = document.get("parameters") if isinstance(document, dict) else None
    if isinstance(parameters, list):  # the zcli manifest: [{"name": ..., "default": {...}}]
        try:
            parameters = {entry["name"]: entry["default"] for entry in parameters}
        except (TypeError, KeyError):
            raise DefinitionFileError(
                'Each entry of "parameters" needs a "name" and a "default".'
            ) from None
    if not isinstance(parameters, dict):
        raise DefinitionFileError('Expected {"parameters": {section: {field: "value"}}}.')
    sections: Sections = {}
    for section, fields in parameters.items():
        if not isinstance(fields, dict):
            raise DefinitionFileError(f"Section {section!r} is not an object of fields.")
        for name, value in fields.items():
            if not isinstance(value, str):
                raise DefinitionFileError(
                    f'{section}.{name} is {json.dumps(value)}, not a string: write "{value}" '
                    "(values are kept as written)."
                )
        sections[section] = dict(fields)
    return _check(sections)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse_xml(text: bytes) -> Sections:
    if _DTD.search(text):
        raise DefinitionFileError("XML with a DOCTYPE or ENTITY declaration is refused.")
    try:
        root = ET.fromstring(text)  # noqa: S314  (no DTD: checked above)
    except ET.ParseError as exc:
        raise DefinitionFileError(f"Not valid XML: {exc}.") from None
    if _local(root.tag) != "callCenter":
        raise DefinitionFileError(
            f"Expected a <callCenter> root element, not <{_local(root.tag)}>."
        )
    sections: Sections = {}
    for section in root:
        if _local(section.tag) != "section":
            continue
        name = section.get("name")
        if not name:
            raise DefinitionFileError("A <section> has no name attribute.")
        fields = sections.setdefault(name, {})
        for item in section:
            if _local(item.tag) != "item":
                continue
            key = item.get("name")
            if not key:
                raise DefinitionFileError(f"An <item> of section {name!r} has no name attribute.")
            fields[key] = item.text or ""
    return _check(sections)


def to_json(sections: Any) -> str:
    """The vendor's JSON: ``{"parameters": sections}``."""
    return json.dumps({"parameters": sections}, indent=2, ensure_ascii=False) + "\n"


def to_xml(sections: Any) -> str:
    """A Salesforce call center definition: sections and items in order, numbered by
    ``sortOrder``, labelled from the schema (the name when the schema has none)."""
    if not is_definition(sections):
        raise DefinitionFileError("The stored settings are not sections of fields.")
    with translation.override("en"):
        labels = {(spec.section, spec.name): str(spec.label) for spec in schema()}
    root = ET.Element("callCenter")
    for section_order, (section, fields) in enumerate(sections.items()):
        element = ET.SubElement(
            root, "section", sortOrder=str(section_order), name=section, label=section
        )
        for order, (name, value) in enumerate(fields.items()):
            label = labels.get((section, name)) or name
            item = ET.SubElement(element, "item", sortOrder=str(order), name=name, label=label)
            item.text = value
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
