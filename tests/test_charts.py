"""SVG charts: every label escaped, no script, no style attribute, bars sized by share."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from course.web.charts import BAR_WIDTH, Bar, bar_chart

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("label", [
    "<script>alert(1)</script>", "<svg onload=alert(1)>", "\" onmouseover=\"alert(1)", "Vertrieb & Süd", "]]><x>",
])
def test_labels_are_escaped(label):
    svg = bar_chart(label, [Bar(label, 50, label)])
    root = ET.fromstring(svg)  # well-formed XML, whatever the label
    assert "<script" not in svg and "style=" not in svg
    assert not [el for el in root.iter() if any(name.startswith("on") for name in el.attrib)]
    texts = [el.text for el in root.iter(SVG + "text")]
    assert label[:29] in "".join(texts)


def test_bars_are_sized_by_share_and_clamped():
    root = ET.fromstring(bar_chart("Completion", [Bar("a", 25, "1 of 4"), Bar("b", 140, "x"), Bar("c", -3, "y")]))
    widths = [float(r.get("width")) for r in root.iter(SVG + "rect")][1::2]
    assert widths == [BAR_WIDTH / 4, BAR_WIDTH, 0.0]


def test_empty_chart_says_so():
    assert "No data yet." in bar_chart("Nothing", [])


def test_long_labels_are_shortened_with_the_full_label_in_the_tooltip():
    long = "Service requests and public criticism in detail"
    root = ET.fromstring(bar_chart("t", [Bar(long, 10, "d")]))
    assert any(el.text.endswith("…") for el in root.iter(SVG + "text") if el.text)
    assert any(long in (el.text or "") for el in root.iter(SVG + "title"))
