"""axe-core in the browser tests: inject the vendored engine (vendor/README.md) and list what it finds."""

from __future__ import annotations

from pathlib import Path

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
# WCAG 2.0 and 2.1, levels A and AA: the rules the client asked for
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map(n => n.target.join(' '))}));
}"""
SERIOUS = {"serious", "critical"}


def violations(page) -> list[dict]:
    """Run axe on the page as it stands; return every violation of the WCAG 2 A/AA rules."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # evaluated through the DevTools protocol, so Kurs's Content-Security-Policy does not block it
        page.evaluate(f"() => {{ {AXE_SOURCE}\n }}")
    return page.evaluate(RUN, TAGS)


def serious(page) -> list[dict]:
    """The serious and critical violations on the page, each with a few of the elements at fault."""
    return [v for v in violations(page) if v["impact"] in SERIOUS]
