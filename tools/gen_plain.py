"""Write mesoref/model/plain.py: TypedDicts of the records as the index stores them, generated
from the dataclasses in mesoref/model/schema.py (the one definition of every field).

Usage: python tools/gen_plain.py [--check]   (tests/test_model.py runs the check)
"""

from __future__ import annotations

import keyword
import sys
import types
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mesoref.model import schema  # noqa: E402

TARGET = ROOT / "mesoref" / "model" / "plain.py"
HEADER = '''"""The records as the index stores them and commands read them: plain dictionaries
with the YAML field names, every field present (absent optional fields are None, empty lists
or False).

Generated from mesoref/model/schema.py by tools/gen_plain.py; do not edit by hand (a test
checks that it is up to date).  The types exist only for the type checker: at run time the
records are plain dicts, so reading them costs no import of typing or dataclasses.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal, TypedDict
'''


def spell(hint: Any) -> str:
    origin = get_origin(hint)
    if origin is Annotated:
        return spell(get_args(hint)[0])
    if origin in (Union, types.UnionType):
        inner = [a for a in get_args(hint) if a is not type(None)]
        return f"{spell(inner[0])} | None"
    if origin is Literal:
        return "Literal[" + ", ".join(repr(a) for a in get_args(hint)) + "]"
    if origin is tuple:
        return f"list[{spell(get_args(hint)[0])}]"
    if hint in (str, int, bool):
        return hint.__name__
    if isinstance(hint, type) and is_dataclass(hint):
        return hint.__name__
    raise TypeError(hint)


def generate() -> str:
    order: list[type] = []

    def visit(cls: type) -> None:
        if cls in order:
            return
        hints = get_type_hints(cls, include_extras=True)
        for f in fields(cls):
            for part in _dataclasses_in(hints[f.name]):
                visit(part)
        order.append(cls)

    for kind in schema.KINDS.values():
        visit(kind.type)
    lines = [HEADER]
    for cls in order:
        hints = get_type_hints(cls, include_extras=True)
        keys = [schema.yaml_name(f.name) for f in fields(cls)]
        if all(k.isidentifier() and not keyword.iskeyword(k) for k in keys):
            lines.append(f"    class {cls.__name__}(TypedDict):")
            for f in fields(cls):
                lines.append(f"        {schema.yaml_name(f.name)}: {spell(hints[f.name])}")
            lines.append("")
            continue
        # A key that is a Python keyword (`class`) needs the functional syntax.
        opening = f"    {cls.__name__} = TypedDict("
        lines.append(f'{opening}\n        "{cls.__name__}",\n        {{')
        for f in fields(cls):
            lines.append(f'            "{schema.yaml_name(f.name)}": {spell(hints[f.name])},')
        lines.append("        },\n    )\n")
    prose = sorted(prose_keys(order))
    lines.append(
        "\n# The fields that hold prose (plain text, never an id, reference, date or fixed word):\n"
        "# a translation may change these and nothing else (mesoref/model/translation.py).\n"
        "PROSE_KEYS = frozenset(\n    (\n"
        + "".join(f'        "{k}",\n' for k in prose)
        + "    )\n)"
    )
    return _formatted("\n".join(lines).rstrip() + "\n")


def _prose(hint: Any) -> bool:
    origin = get_origin(hint)
    if hint is str:
        return True
    if origin is Annotated:
        inner, *extras = get_args(hint)
        return not any(isinstance(e, schema.Pattern | schema.Ref) for e in extras) and _prose(inner)
    if origin in (Union, types.UnionType):
        return any(_prose(a) for a in get_args(hint) if a is not type(None))
    if origin is tuple:
        return _prose(get_args(hint)[0])
    return False


def prose_keys(classes: list[type]) -> set[str]:
    found: set[str] = set()
    for cls in classes:
        for name, hint in get_type_hints(cls, include_extras=True).items():
            if _prose(hint):
                found.add(schema.yaml_name(name))
    return found


def _formatted(text: str) -> str:
    """The text as `ruff format` leaves it, so the generated file passes CI's format check."""
    import subprocess

    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run(
        [str(ruff), "format", "--stdin-filename", str(TARGET), "-"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return result.stdout


def _dataclasses_in(hint: Any) -> list[type]:
    if isinstance(hint, type) and is_dataclass(hint):
        return [hint]
    return [t for arg in get_args(hint) for t in _dataclasses_in(arg)]


if __name__ == "__main__":
    text = generate()
    if "--check" in sys.argv:
        sys.exit(0 if TARGET.read_text() == text else 1)
    TARGET.write_text(text)
