"""What tests of the service's browser files share: following a page's module imports,
and the calls that would let text reach an HTML parser."""

from __future__ import annotations

import re

from litestar import Litestar
from litestar.testing import AsyncTestClient

IMPORT = re.compile(r'^import .* from "\./([\w.]+)";$', re.MULTILINE)
HTML_SINKS = re.compile(
    r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function"
    r"|srcdoc|setHTML|createContextualFragment|\.style\s*=|setAttribute\(\"style\""
)


async def reachable_files(
    client: AsyncTestClient[Litestar], base: str, *roots: str
) -> dict[str, str]:
    """Every file under ``base`` that a browser loads from ``roots``, following imports."""
    files: dict[str, str] = {}
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name not in files:
            response = await client.get(f"{base}/{name}")
            assert response.status_code == 200, name
            files[name] = response.text
            pending.extend(IMPORT.findall(response.text))
    return files
