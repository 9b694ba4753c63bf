"""A headless Chromium for bptrace's browser tests (Debian's chromium, chromium-driver, python3-selenium).

    from harness import Browser

    with Browser() as browser:
        browser.open("build/browser/page.html")      # a file path or a URL
        browser.press("ArrowRight", times=3)          # key presses, sent to the focused element
        assert "L = 0.298371" in browser.texts("svg text")
        browser.screenshot("build/browser/page.png")  # whole_page=True: all of a wide page
        browser.assert_no_console_errors()            # any SEVERE entry of the browser log fails

The browser log (console.error, uncaught exceptions, failed loads) is read through the driver
(`goog:loggingPrefs`); reading it drains Chromium's buffer, so the harness keeps every entry it has
read in `browser.log`. As root Chromium needs --no-sandbox, which the harness adds then only.
"""

import os
import pathlib
import shutil
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

CHROMIUM = os.environ.get("BPTRACE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("BPTRACE_CHROMEDRIVER", "/usr/bin/chromedriver")

# Key names as the DOM's KeyboardEvent.key spells them, for press().
KEYS = {
    "ArrowLeft": Keys.ARROW_LEFT, "ArrowRight": Keys.ARROW_RIGHT,
    "ArrowUp": Keys.ARROW_UP, "ArrowDown": Keys.ARROW_DOWN,
    "Enter": Keys.ENTER, "Escape": Keys.ESCAPE, "Tab": Keys.TAB, " ": Keys.SPACE,
    "Home": Keys.HOME, "End": Keys.END, "PageUp": Keys.PAGE_UP, "PageDown": Keys.PAGE_DOWN,
    "Backspace": Keys.BACKSPACE,
}


def missing():
    """What this machine lacks to run a browser test (empty when nothing), for a skip message."""
    return [p for p in (CHROMIUM, CHROMEDRIVER) if not shutil.which(p)]


class ConsoleErrors(AssertionError):
    pass


class Browser:
    def __init__(self, width=1280, height=1024):
        self.log = []  # every browser log entry read so far: {level, message, source, timestamp}
        self._profile = tempfile.mkdtemp(prefix="bptrace-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--disable-gpu", "--disable-dev-shm-usage",
                         "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
                         f"--window-size={width},{height}", f"--user-data-dir={self._profile}"):
            options.add_argument(argument)
        if os.geteuid() == 0:
            options.add_argument("--no-sandbox")  # Chromium refuses to start as root with its sandbox
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        try:
            self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        except Exception:
            shutil.rmtree(self._profile, ignore_errors=True)
            raise
        self.driver.set_page_load_timeout(60)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self._profile, ignore_errors=True)

    def open(self, page):
        """Load a file (path) or a URL and wait until the document has loaded."""
        url = page if "://" in str(page) else pathlib.Path(page).resolve().as_uri()
        self.driver.get(url)
        state = self.driver.execute_script("return document.readyState")
        if state != "complete":
            raise AssertionError(f"{url}: document.readyState is {state!r}, not 'complete'")
        return url

    def script(self, source, *arguments):
        """Run JavaScript in the page; `return x` gives x back."""
        return self.driver.execute_script(source, *arguments)

    def title(self):
        return self.driver.title

    def find(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def texts(self, css):
        """The textContent of every element matching a CSS selector (SVG text has no innerText)."""
        return self.script(
            "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent)", css)

    def press(self, key, times=1, element=None):
        """Press a key (a KeyboardEvent.key name such as 'ArrowRight', or a character) `times`
        times, on `element` or on whatever has the focus (the page's body by default)."""
        keys = KEYS.get(key, key)
        for _ in range(times):
            if element is not None:
                element.send_keys(keys)
            else:
                ActionChains(self.driver).send_keys(keys).perform()

    def click(self, element):
        ActionChains(self.driver).move_to_element(element).click().perform()

    def screenshot(self, path, whole_page=False):
        """Write a PNG of the window, or with whole_page of the whole document (the window is
        resized to the document's scroll size for the shot, then restored); returns the path."""
        path = pathlib.Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        size = self.driver.get_window_size()
        if whole_page:
            width, height = self.script(
                "const e = document.documentElement; return [e.scrollWidth, e.scrollHeight]")
            self.driver.set_window_size(max(width, size["width"]), max(height, size["height"]))
        try:
            if not self.driver.save_screenshot(str(path)):
                raise AssertionError(f"could not write the screenshot {path}")
        finally:
            if whole_page:
                self.driver.set_window_size(size["width"], size["height"])
        return path

    def read_log(self):
        """The browser log entries that arrived since the last read (all are kept in self.log)."""
        entries = self.driver.get_log("browser")
        self.log.extend(entries)
        return entries

    def console_errors(self):
        """Every SEVERE entry so far: console.error, an uncaught exception, a failed load."""
        self.read_log()
        return [e for e in self.log if e.get("level") == "SEVERE"]

    def assert_no_console_errors(self):
        errors = self.console_errors()
        if errors:
            raise ConsoleErrors("JavaScript console errors:\n" +
                                "\n".join(f"  {e.get('source', '')}: {e['message']}" for e in errors))
