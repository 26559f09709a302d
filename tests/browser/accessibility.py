"""axe-core (bundled with axe-playwright-python) on the page as the browser shows it."""
from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()
# Everything axe checks by default: WCAG 2.0/2.1 A and AA plus its best practices.
OPTIONS = {"resultTypes": ["violations"]}


def assert_no_axe_violations(page, label: str) -> None:
    results = _axe.run(page, options=OPTIONS)
    violations = results.response["violations"]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} → {[n['target'] for n in v['nodes']][:5]}" for v in violations
    )
    assert violations == [], f"axe found {len(violations)} violation(s) on {label} ({page.url}):\n{report}"
