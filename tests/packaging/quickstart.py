"""The steps of docs/quickstart.md, read from the markdown itself.

A fenced code block preceded by an HTML comment (invisible on the rendered page)
``<!-- quickstart-test: ACTION [PATH] -->`` is a step:

- ``run``: shell commands, one per line, run in order;
- ``append PATH``: the block is appended to PATH (relative to the project directory);
- ``write PATH``: the block is the whole content of PATH (a new file).

Blocks without the comment (the sandbox's ``make demo``) are for the reader only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

QUICKSTART = Path(__file__).resolve().parents[2] / "docs" / "quickstart.md"

STEP = re.compile(
    r"^<!-- quickstart-test: (?P<action>run|append|write)(?: (?P<path>\S+))? -->\n"
    r"```[\w-]*\n(?P<body>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)
MARKER = re.compile(r"<!-- quickstart-test:")


@dataclass(frozen=True)
class Step:
    action: str
    path: str | None
    body: str

    @property
    def commands(self) -> list[str]:
        return [line.strip() for line in self.body.splitlines() if line.strip()]


def read_steps(markdown: str | None = None) -> list[Step]:
    """Every step, in page order; a marker that is not followed by a block is an error."""
    text = QUICKSTART.read_text() if markdown is None else markdown
    steps = [Step(match["action"], match["path"], match["body"]) for match in STEP.finditer(text)]
    if len(steps) != len(MARKER.findall(text)):
        raise ValueError("a quickstart-test marker is not directly followed by a code block")
    for step in steps:
        if (step.action == "run") == (step.path is not None):
            raise ValueError(f"{step.action} takes {'no' if step.action == 'run' else 'a'} path")
    return steps
