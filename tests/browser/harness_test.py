"""The harness itself, on a page of its own: key presses reach the page's keydown handler, and
console errors (console.error, an uncaught exception) are caught, so a browser test that passes
saw none.

    harness_test.py OUTDIR

Exit 77 (skipped) without Chromium.
"""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import harness  # noqa: E402

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>harness test</title></head><body>
<p id="step">0</p>
<script>
let step = 0;
document.addEventListener("keydown", e => {
  if (e.key === "ArrowRight") step++;
  if (e.key === "ArrowLeft") step--;
  if (e.key === "e") console.error("an error on purpose");
  if (e.key === "x") throw new Error("an exception on purpose");
  document.getElementById("step").textContent = String(step);
});
</script>
</body></html>
"""


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    if harness.missing():
        print("SKIP: no " + ", ".join(harness.missing()) + " (scripts/dev test installs them)")
        return 77
    outdir = pathlib.Path(sys.argv[1])
    outdir.mkdir(parents=True, exist_ok=True)
    page = outdir / "harness-test.html"
    page.write_text(PAGE, encoding="utf-8")
    with harness.Browser() as browser:
        browser.open(page)
        browser.press("ArrowRight", times=3)
        browser.press("ArrowLeft")
        step = browser.find("#step")[0].text
        assert step == "2", f"after → → → ←, the page shows step {step}, not 2"
        browser.assert_no_console_errors()

        browser.press("e")
        browser.press("x")
        messages = [e["message"] for e in browser.console_errors()]
        assert len(messages) == 2, f"expected 2 console errors, the log has {messages}"
        assert "an error on purpose" in messages[0] and "an exception on purpose" in messages[1], messages
        try:
            browser.assert_no_console_errors()
        except harness.ConsoleErrors as error:
            report = str(error)
        else:
            raise AssertionError("assert_no_console_errors passed a page with two console errors")
        browser.screenshot(outdir / "harness-test.png")
    print(f"ok: key presses reach the page; console errors are reported:\n{report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
