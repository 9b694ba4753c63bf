"""Browser smoke test: the network picture of lesson 001-4 (`bptrace run 001-4 --format svg`)
opened in headless Chromium, inline in a small HTML page and as the SVG file itself.

    svg_page_test.py BPTRACE OUTDIR

Writes OUTDIR/001-4.svg, OUTDIR/001-4-svg.html and the screenshots OUTDIR/001-4-svg.png and
OUTDIR/001-4-svg-file.png. Fails when the page does not load, when a text of the picture is missing
or not laid out, or on any JavaScript console error. Exit 77 (skipped) without Chromium.
"""

import html
import pathlib
import re
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import harness  # noqa: E402

# Texts of today's picture: the loss node and the first weight of layer 2 (an edge label), written
# w, then [2] raised and 1,1 lowered (Graphviz's HTML-like <SUP> and <SUB>: texts of their own).
EXPECTED_TEXTS = ["L = 0.298371", "w", "[2]", "1,1", " = 0.4"]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    bptrace, outdir = sys.argv[1], pathlib.Path(sys.argv[2])
    if harness.missing():
        print("SKIP: no " + ", ".join(harness.missing()) + " (scripts/dev test installs them)")
        return 77
    outdir.mkdir(parents=True, exist_ok=True)
    svg = subprocess.run([bptrace, "run", "001-4", "--format", "svg"], check=True,
                         capture_output=True, text=True).stdout
    svg_file = outdir / "001-4.svg"
    svg_file.write_text(svg, encoding="utf-8")
    inline = svg[svg.index("<svg"):]  # without the XML prolog and DOCTYPE, which HTML does not take
    page = outdir / "001-4-svg.html"
    page.write_text(f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>bptrace 001-4 network</title>
<style>body {{ font-family: sans-serif; margin: 1em; }} svg {{ max-width: 100%; height: auto; }}</style>
</head><body>
<h1>{html.escape("bptrace run 001-4 --format svg")}</h1>
{inline}
</body></html>
""", encoding="utf-8")
    texts_in_file = len(re.findall(r"<text\b", svg))

    with harness.Browser() as browser:
        browser.open(page)
        assert browser.title() == "bptrace 001-4 network", browser.title()
        assert len(browser.find("svg")) == 1, "the page has no (or more than one) svg"
        width, height = browser.script(
            "const r = document.querySelector('svg').getBoundingClientRect(); return [r.width, r.height]")
        assert width > 100 and height > 100, f"the picture is laid out {width}×{height} px"
        texts = browser.texts("svg text")
        assert len(texts) == texts_in_file, f"{len(texts)} texts in the page, {texts_in_file} in the SVG"
        for expected in EXPECTED_TEXTS:
            assert expected in texts, f"no text {expected!r} in the picture; it has {texts}"
        empty = browser.script(
            "return Array.from(document.querySelectorAll('svg text'))"
            ".filter(t => { const b = t.getBBox(); return b.width <= 0 || b.height <= 0; })"
            ".map(t => t.textContent)")
        assert not empty, f"texts not laid out (empty bounding box): {empty}"
        shot = browser.screenshot(outdir / "001-4-svg.png")
        browser.assert_no_console_errors()

        browser.open(svg_file)
        root = browser.script("return document.documentElement.tagName")
        assert root == "svg", f"{svg_file} opens as <{root}>, not as an SVG document"
        for expected in EXPECTED_TEXTS:
            assert expected in browser.texts("text"), f"no text {expected!r} in {svg_file}"
        file_shot = browser.screenshot(outdir / "001-4-svg-file.png", whole_page=True)  # at its own size
        browser.assert_no_console_errors()
    print(f"ok: {page} ({texts_in_file} texts, {width:.0f}×{height:.0f} px), "
          f"screenshots {shot} and {file_shot}, no console errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
