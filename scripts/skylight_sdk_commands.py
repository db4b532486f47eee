"""Print ``crm_connect/static/crm_connect/skylight-sdk.json`` from the CxEngage JavaScript
SDK's source: the data ``crm_connect/skylight/sdk.py`` reads, and the browser fetches.

Usage: ``python scripts/skylight_sdk_commands.py <sdk checkout or bare git dir> >
crm_connect/static/crm_connect/skylight-sdk.json``.

It reads every command module (``src/cljs/cxengage_javascript_sdk/modules/*.cljs``):
the ``ih/register`` map gives each JavaScript name (``CxEngage.<module>[.<sub>].<command>``),
the ``def-sdk-fn`` it names gives the ``:topic-key`` (looked up in ``domain/topics.cljs``)
and the ``:validation`` spec, whose ``:req-un`` keys are the required parameters and whose
set specs (``#{"inbound" ...}``) the allowed values.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

MODULES = "src/cljs/cxengage_javascript_sdk/modules/"
TOPICS = "src/cljs/cxengage_javascript_sdk/domain/topics.cljs"
SPECS = "src/cljs/cxengage_javascript_sdk/domain/specs.cljs"


class Sym(str):
    pass


class Kw(str):
    pass


class Lst(list[Any]):
    pass


class Vec(list[Any]):
    pass


class SetLit(list[Any]):
    pass


class MapLit(list[Any]):
    pass


TOKEN = re.compile(
    r"""\s+|,|;[^\n]*|"(?:\\.|[^"\\])*"|\\(?:newline|space|tab|.)|\#\{|\#\(|\#"(?:\\.|[^"\\])*"|\#_|\#\?|\#|~@|[()\[\]{}'`~@^]|[^\s,()\[\]{}"';`~^@]+"""
)


def tokens(text: str) -> list[str]:
    return [t for t in TOKEN.findall(text) if t.strip() and t != "," and not t.startswith(";")]


def read_all(text: str) -> list[Any]:
    toks = tokens(text)
    pos = 0

    def read() -> Any:
        nonlocal pos
        tok = toks[pos]
        pos += 1
        closers = {
            "(": (")", Lst),
            "[": ("]", Vec),
            "{": ("}", MapLit),
            "#{": ("}", SetLit),
            "#(": (")", Lst),
        }
        if tok in closers:
            end, kind = closers[tok]
            items = kind()
            while toks[pos] != end:
                item = read()
                if item is not SKIP:
                    items.append(item)
            pos += 1
            return items
        if tok in ("'", "`", "~", "~@", "@", "#", "#?"):
            return read()
        if tok == "^":
            read()
            return read()
        if tok == "#_":
            read()
            return SKIP
        if tok.startswith('"'):
            return bytes(tok[1:-1], "utf-8").decode("unicode_escape")
        if tok.startswith(":"):
            return Kw(tok.lstrip(":"))
        return Sym(tok)

    out = []
    while pos < len(toks):
        item = read()
        if item is not SKIP:
            out.append(item)
    return out


SKIP = object()


def pairs(m: MapLit) -> list[tuple[Any, Any]]:
    return list(zip(m[0::2], m[1::2], strict=False))


def camel(name: str) -> str:
    head, *rest = name.split("-")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def walk(form: Any) -> Any:
    yield form
    if isinstance(form, list):
        for item in form:
            yield from walk(item)


def main(source: str) -> None:
    path = Path(source)
    git = (
        ["git", "--git-dir", str(path)]
        if (path / "HEAD").exists() and not (path / "src").exists()
        else None
    )

    def show(name: str) -> str:
        if git:
            return subprocess.run(  # noqa: S603 (git, on a path the developer gives)
                [*git, "show", f"HEAD:{name}"], capture_output=True, text=True, check=True
            ).stdout
        return (path / name).read_text()

    def listing() -> list[str]:
        if git:
            out = subprocess.run(  # noqa: S603 (git, on a path the developer gives)
                [*git, "ls-tree", "--name-only", "HEAD", MODULES],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            return sorted(out.split())
        return sorted(MODULES + p.name for p in (path / MODULES).glob("*.cljs"))

    commit = (
        subprocess.run(  # noqa: S603 (git, on a path the developer gives)
            [*git, "rev-parse", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
        if git
        else ""
    )
    topics: dict[str, str] = {}
    for form in read_all(show(TOPICS)):
        if isinstance(form, Lst) and form[:2] == [Sym("def"), Sym("sdk-topics")]:
            topics = {str(k): v for k, v in pairs(form[2])}
    shared_specs = specs_of(read_all(show(SPECS)), {})
    commands: dict[str, dict[str, Any]] = {}
    for name in listing():
        forms = read_all(show(name))
        specs = specs_of(forms, shared_specs)
        fns: dict[str, tuple[Any, Any]] = {}
        for form in forms:
            if isinstance(form, Lst) and form and form[0] == Sym("def-sdk-fn"):
                options = dict(pairs(form[3]))
                fns[str(form[1])] = (options.get(Kw("topic-key")), options.get(Kw("validation")))
            elif isinstance(form, Lst) and len(form) > 2 and form[0] in (Sym("defn"), Sym("defn-")):
                # A plain function: its reply is the first topic it publishes, if any.
                published = [
                    f[1]
                    for f in walk(form)
                    if isinstance(f, Lst) and len(f) == 2 and f[0] == Sym("topics/get-topic")
                ]
                fns.setdefault(str(form[1]), (published[0] if published else None, None))
        module_name = None
        for form in walk(forms):
            if (
                isinstance(form, Vec)
                and len(form) >= 2
                and form[0] == Sym("module-name")
                and isinstance(form[1], Kw)
            ):
                module_name = str(form[1])
        for form in walk(forms):
            if not (isinstance(form, Lst) and form and form[0] == Sym("ih/register")):
                continue
            details = form[1]
            if isinstance(details, Lst):  # (clj->js {...})
                details = details[1]
            api = dict(pairs(details)).get(Kw("api"))
            if api is None:
                continue

            for path, value in flatten(api, [], module_name):
                topic_key, validation = fns.get(str(value), (None, None))
                topic = topics.get(str(topic_key)) if isinstance(topic_key, Kw) else topic_key
                required, choices = params_of(validation, specs)
                commands[".".join(path)] = {
                    "topic": topic or "",  # "": no reply comes back
                    "required": required,
                    "choices": choices,
                    "source": name.rsplit("/", 1)[-1],
                }
    write(commands, commit)


def flatten(tree: MapLit, path: list[str], module_name: str | None) -> Any:
    """(JavaScript path, function symbol) of every leaf of an ``ih/register`` api map."""
    for key, value in pairs(tree):
        key_name = module_name if key == Sym("module-name") else str(key)
        if isinstance(value, MapLit):
            yield from flatten(value, [*path, camel(str(key_name))], module_name)
        elif isinstance(value, Sym):
            yield [*path, camel(str(key_name))], value


def specs_of(forms: list[Any], shared: dict[str, Any]) -> dict[str, Any]:
    specs = dict(shared)
    for form in forms:
        if (
            isinstance(form, Lst)
            and len(form) >= 3
            and form[0] == Sym("s/def")
            and isinstance(form[1], Kw)
        ):
            key = str(form[1])
            specs[key.split("/")[-1] if not shared else key] = form[2]
            specs[key] = form[2]
    return specs


def spec_name(kw: Kw) -> str:
    return str(kw).split("/")[-1]


def params_of(validation: Any, specs: dict[str, Any]) -> tuple[list[str], dict[str, list[str]]]:
    spec = specs.get(str(validation)) if isinstance(validation, Kw) else None
    required: list[str] = []
    choices: dict[str, list[str]] = {}
    if not isinstance(spec, Lst) or not spec or spec[0] != Sym("s/keys"):
        return required, choices
    options = dict(pairs(Lst(spec[1:])))
    for kind in (Kw("req-un"), Kw("opt-un")):
        for key in options.get(kind, []):
            if not isinstance(key, Kw):
                continue  # (or ...) alternatives: not modelled
            name = camel(spec_name(key))
            if name == "callback":
                continue
            if kind == Kw("req-un"):
                required.append(name)
            target = specs.get(str(key).replace("specs/", "").lstrip(":")) or specs.get(
                spec_name(key)
            )
            if isinstance(target, SetLit) and all(isinstance(v, str) for v in target):
                choices[name] = sorted(target)
    return required, choices


def render(commands: dict[str, dict[str, Any]], commit: str) -> str:
    """The data file: ``{"commit", "source", "commands": {key: {topic, required?,
    choices?, source}}}``, one command a line, keys sorted (a stable diff)."""
    lines = [
        "{",
        f'"commit": {json.dumps(commit)},',
        '"source": "github.com/shark764/cxengage-javascript-sdk, generated by '
        'scripts/skylight_sdk_commands.py: do not edit by hand",',
        '"commands": {',
    ]
    keys = sorted(commands)
    for index, key in enumerate(keys):
        command = commands[key]
        entry: dict[str, Any] = {"topic": command["topic"]}
        if command["required"]:
            entry["required"] = list(command["required"])
        if command["choices"]:
            entry["choices"] = {name: list(values) for name, values in command["choices"].items()}
        entry["source"] = command["source"]
        comma = "," if index < len(keys) - 1 else ""
        lines.append(f"{json.dumps(key)}: {json.dumps(entry, separators=(',', ':'))}{comma}")
    lines += ["}", "}"]
    return "\n".join(lines) + "\n"


def write(commands: dict[str, dict[str, Any]], commit: str) -> None:
    sys.stdout.write(render(commands, commit))


if __name__ == "__main__":
    main(sys.argv[1])
