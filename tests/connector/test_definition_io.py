"""Reading and writing definition files: the vendor's JSON and the Salesforce XML, kept
exactly as written, and refused with a message (never a traceback) when they are not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crm_connect.connector.definition_io import (
    MAX_BYTES,
    DefinitionFileError,
    parse,
    to_json,
    to_xml,
)

VENDOR_FILE = Path(__file__).resolve().parents[1] / "fixtures" / "zcli.apps.config.json"
VENDOR = json.loads(VENDOR_FILE.read_text())["parameters"]

SALESFORCE_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<callCenter>
  <section sortOrder="0" name="reqGeneralInfo" label="General Information">
    <item sortOrder="0" name="reqInternalName" label="InternalNameAAA">DemoAdapter</item>
    <item sortOrder="1" name="reqDisplayName" label="Display Name">Demo Call Center Adapter</item>
    <item sortOrder="2" name="reqAdapterUrl" label="CTI Adapter URL">https://c.example.com</item>
    <item sortOrder="3" name="reqUseApi" label="Use CTI API">true</item>
  </section>
  <section sortOrder="1" name="DialingOptions" label="Dialing Options">
    <item sortOrder="0" name="reqInternationalPrefix" label="International Prefix">011</item>
    <item sortOrder="1" name="emergencyCodes" label="Emergency"/>
  </section>
</callCenter>
"""


def test_the_vendors_json_is_read_exactly_as_written() -> None:
    sections = parse(VENDOR_FILE.read_bytes())
    assert sections == VENDOR
    assert list(sections) == list(VENDOR)  # the file's order
    assert sections["DialingOptions"]["reqInternationalPrefix"] == "011"


def test_a_salesforce_definition_is_read_in_document_order() -> None:
    sections = parse(SALESFORCE_XML)
    assert sections == {
        "reqGeneralInfo": {
            "reqInternalName": "DemoAdapter",
            "reqDisplayName": "Demo Call Center Adapter",
            "reqAdapterUrl": "https://c.example.com",
            "reqUseApi": "true",
        },
        "DialingOptions": {"reqInternationalPrefix": "011", "emergencyCodes": ""},
    }


def test_the_zcli_manifest_form_is_read_too() -> None:
    manifest = {
        "parameters": [{"name": "ServerConfig", "default": {"useLocalSessionSharing": "N"}}]
    }
    assert parse(json.dumps(manifest).encode()) == {"ServerConfig": {"useLocalSessionSharing": "N"}}


@pytest.mark.parametrize("render", [to_json, to_xml])
def test_export_then_import_gives_the_same_data(render: object) -> None:
    text = render(VENDOR)  # type: ignore[operator]
    again = parse(text.encode())
    assert again == VENDOR
    assert list(again) == list(VENDOR)
    assert [list(fields) for fields in again.values()] == [list(f) for f in VENDOR.values()]


def test_the_xml_export_labels_fields_from_the_schema() -> None:
    xml = to_xml({"ServerConfig": {"serverHostName": "https://x.example.com", "mine": "a&b"}})
    assert 'name="serverHostName" label="Server host name">https://x.example.com<' in xml
    assert 'name="mine" label="mine">a&amp;b<' in xml
    assert '<section sortOrder="0" name="ServerConfig" label="ServerConfig">' in xml


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Neither JSON nor XML"),
        (b"hello", "Neither JSON nor XML"),
        (b"{not json", "Not valid JSON"),
        (b'{"parameters": 5}', 'Expected {"parameters"'),
        (b'["parameters"]', "Neither JSON nor XML"),
        (b'{"parameters": {"S": 5}}', "Section 'S' is not an object"),
        (b'{"parameters": {"S": {"n": 11}}}', 'S.n is 11, not a string: write "11"'),
        (b'{"parameters": {"Bad Section": {}}}', "is not an identifier"),
        (b'{"parameters": [{"nom": "x"}]}', 'needs a "name" and a "default"'),
        (b"\xff\xfe{", "Neither JSON nor XML"),
        (b'{"parameters": {"S": {"k": "\xff"}}}', "Not valid JSON"),
        (b"<callCenter><section>", "Not valid XML"),
        (b"<other/>", "Expected a <callCenter> root element, not <other>"),
        (b"<callCenter><section/></callCenter>", "has no name attribute"),
        (b'<callCenter><section name="S"><item/></section></callCenter>', "has no name"),
        (b'<callCenter><section name="S"><item name="a b"/></section></callCenter>', "identifier"),
    ],
)
def test_what_is_not_a_definition_is_refused_with_a_message(data: bytes, message: str) -> None:
    with pytest.raises(DefinitionFileError) as refused:
        parse(data)
    assert message in str(refused.value)


@pytest.mark.parametrize(
    "data",
    [
        # billion laughs: entities expanding entities
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
        b'"&lol;&lol;&lol;&lol;">]><callCenter><section name="S"><item name="a">&lol2;'
        b"</item></section></callCenter>",
        # XXE: an external entity
        b'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<callCenter><section name="S"><item name="a">&xxe;</item></section></callCenter>',
        b"<!doctype callCenter><callCenter/>",
    ],
)
def test_xml_with_a_document_type_is_refused_before_parsing(data: bytes) -> None:
    with pytest.raises(DefinitionFileError, match="DOCTYPE or ENTITY"):
        parse(data)


def test_a_file_over_the_limit_is_refused() -> None:
    with pytest.raises(DefinitionFileError, match="larger than"):
        parse(b"{" + b" " * MAX_BYTES + b"}")
