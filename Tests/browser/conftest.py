"""Browser tests: a real headless Chromium, driven by selenium, against a running `motcua demo`.

MOTCUA_BASE_URL names the server (CI starts one); screenshots go to Tests/browser/screenshots/ (git-ignored).

Every driver runs axe-core (the copy bundled by the axe-selenium-python package, offline) on every page of our site
it visits: after each navigation, click, typing or element look-up it checks whether the window holds a new document
(a marker property set on `window` after each check disappears with the document), and before quitting it checks the
last one. A test fails at teardown if any page had a violation of impact "critical" or "serious".
"""
import os
import pathlib

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, UnexpectedAlertPresentException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.abstract_event_listener import AbstractEventListener
from selenium.webdriver.support.event_firing_webdriver import EventFiringWebDriver
from selenium.webdriver.support.ui import WebDriverWait

BASE_URL = os.environ.get("MOTCUA_BASE_URL", "http://127.0.0.1:8080").rstrip("/")
SCREENSHOTS = pathlib.Path(__file__).parent / "screenshots"
PASSWORD = "MotCua@2026"
FAILING_IMPACTS = ("critical", "serious")
MARKER = "__motcuaAxeChecked"


def _staleness_of(element):
    """`expected_conditions.staleness_of`, but Chromium sometimes answers a question about an element of the page being
    left with "Node with given id does not belong to the document" (an unknown error, not a stale reference) — that
    also means the element is gone (CI failed on it once in `login`)."""
    def gone(_):
        try:
            element.is_enabled()
            return False
        except WebDriverException:
            return True
    return gone


def wait(driver, timeout=20):
    """A wait whose condition is simply asked again when the page re-rendered (or navigated) between finding an element
    and reading it: pages that refresh themselves (payment result, counter queue) leave stale references (CI failed on
    one in the payment test)."""
    return WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,))


# Every test's `EC.staleness_of(form)` goes through the tolerant check.
from selenium.webdriver.support import expected_conditions as _EC  # noqa: E402
_EC.staleness_of = _staleness_of


def _axe_source():
    import axe_selenium_python
    path = pathlib.Path(axe_selenium_python.__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
    return path.read_text(encoding="utf-8")


_AXE = None
# The axe-core bundled with axe-selenium-python is 3.1.1, with two false positives that later axe-core fixed; this
# teaches it what the fixed checks accept (the rules stay on, nothing else changes):
#  - autocomplete="off" on an input that is not type=text (dequelabs/axe-core#1109, fixed by #1121): "off" is valid
#    on every input, and the counter needs it so the browser never offers the officer's own entries for a citizen;
#  - <dt>/<dd> grouped in a <div> inside a <dl>, which HTML allows (dequelabs/axe-core#1265, fixed by #1284);
#  - autocomplete="street-address" on a one-line text input, which browsers fill and axe-core accepts since 3.2
#    (dequelabs/axe-core#1161, fixed by #1217).
_AXE_FIXES = """
var everyType = ['text', 'search', 'tel', 'url', 'email', 'password', 'number', 'date', 'month', 'week', 'time',
                 'datetime-local', 'range', 'color'];
axe.configure({checks: [
  {id: 'autocomplete-appropriate', options: {off: everyType, on: everyType, 'street-address': ['text']}},
  {id: 'dlitem', evaluate: function (node) {
    var dom = axe.commons.dom, aria = axe.commons.aria;
    var parent = dom.getComposedParent(node);
    if (parent && parent.nodeName.toUpperCase() === 'DIV' && aria.getRole(parent, {noImplicit: true}) === null) {
      parent = dom.getComposedParent(parent);
    }
    if (!parent || parent.nodeName.toUpperCase() !== 'DL') { return false; }
    var role = (parent.getAttribute('role') || '').toLowerCase();
    return !role || !aria.isValidRole(role) || role === 'list';
  }}
]});
"""
# Every driver make_driver created, so that the autouse fixture below can fail the test whose pages had violations.
_DRIVERS = []


class AxeOnEveryPage(AbstractEventListener):
    """Runs axe-core once per document of our site that the driver shows; keeps the serious and critical findings."""

    def __init__(self):
        self.findings = []      # (url, rule id, impact, [target selectors], help)
        self.pages = []         # the URLs checked

    def check(self, driver):
        global _AXE
        try:
            state = driver.execute_script(
                "return [window['" + MARKER + "'] === true, location.href, document.contentType, document.readyState];")
        except UnexpectedAlertPresentException:
            return  # a confirm() is open (its test answers it); the page behind it is checked once it is gone
        except WebDriverException:
            return  # no window, or the page is going away; the next event looks again
        checked, url, content_type, ready = state
        if checked or ready != "complete":
            return
        ours = url == BASE_URL or url.startswith(BASE_URL + "/")
        if not ours or content_type != "text/html":
            driver.execute_script("window['" + MARKER + "'] = true;")
            return
        if _AXE is None:
            _AXE = _axe_source()
        try:
            driver.execute_script(_AXE + ";" + _AXE_FIXES)
            driver.set_script_timeout(30)
            results = driver.execute_async_script(
                "var done = arguments[arguments.length - 1];"
                "window['" + MARKER + "'] = true;"
                "axe.run(document, {resultTypes: ['violations']})"
                ".then(function (r) { done(r.violations); }, function (e) { done({error: String(e)}); });")
        except UnexpectedAlertPresentException:
            return
        except WebDriverException:
            return
        self.pages.append(url)
        if isinstance(results, dict):
            self.findings.append((url, "axe-error", "critical", [], results.get("error", "")))
            return
        for violation in results:
            if violation.get("impact") not in FAILING_IMPACTS:
                continue
            targets = [" ".join(map(str, node.get("target", []))) for node in violation.get("nodes", [])]
            self.findings.append((url, violation["id"], violation["impact"], targets, violation.get("help", "")))

    def after_navigate_to(self, url, driver): self.check(driver)
    def after_navigate_back(self, driver): self.check(driver)
    def after_navigate_forward(self, driver): self.check(driver)
    def after_click(self, element, driver): self.check(driver)
    def after_change_value_of(self, element, driver): self.check(driver)
    def after_find(self, by, value, driver): self.check(driver)
    def before_quit(self, driver): self.check(driver)

    def report(self):
        lines = []
        for url, rule, impact, targets, help_text in self.findings:
            shown = ", ".join(targets[:8]) + (f" … (+{len(targets) - 8})" if len(targets) > 8 else "")
            lines.append(f"  [{impact}] {rule} on {url}: {help_text}\n      {shown}")
        return "\n".join(lines)


def make_driver(width=1280, height=900, network_log=False):
    """A headless Chromium wrapped so that axe-core checks every page. network_log=True also records the DevTools
    Network events (requests with their headers, failures), which a test reads with network_events(driver)."""
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={width},{height}", "--lang=vi-VN", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    options.binary_location = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
    # The console, so that tests can see what the Content-Security-Policy refused.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", **({"performance": "ALL"} if network_log else {})})
    # An open confirm() stays open while the axe listener looks at the window (the test answers it).
    options.set_capability("unhandledPromptBehavior", "ignore")
    # An explicit driver path: selenium must never try to download a driver.
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    raw = webdriver.Chrome(service=service, options=options)
    raw.implicitly_wait(5)
    if width < 500:
        # Chromium does not make a window narrower than 500 px: a phone's width is emulated instead.
        raw.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
    listener = AxeOnEveryPage()
    driver = EventFiringWebDriver(raw, listener)
    _DRIVERS.append(listener)
    return driver


def network_events(driver):
    """The DevTools Network events recorded since the last call (a driver made with network_log=True), in order, as
    {"method": "Network.requestWillBeSent", "params": {...}} dictionaries."""
    import json
    events = []
    for entry in driver.wrapped_driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method", "").startswith("Network."):
            events.append(message)
    return events


def axe_checked_pages(driver):
    """The addresses of the pages axe-core has looked at in this driver, in order."""
    return list(driver._listener.pages)


def axe_check_again(driver):
    """Runs axe-core on the current document again (after a test changed it), with the same consequences."""
    driver.execute_script("delete window['" + MARKER + "'];")
    driver._listener.check(driver.wrapped_driver)


@pytest.fixture(autouse=True)
def axe_violations_fail_the_test():
    """Fails the test (at teardown, after its drivers quit) if a page it visited had a serious or critical finding."""
    start = len(_DRIVERS)
    yield
    listeners = _DRIVERS[start:]
    del _DRIVERS[start:]
    failing = [listener for listener in listeners if listener.findings]
    if failing:
        pytest.fail("axe-core found serious or critical accessibility violations:\n"
                    + "\n".join(listener.report() for listener in failing), pytrace=False)


@pytest.fixture
def browser():
    driver = make_driver()
    yield driver
    driver.quit()


@pytest.fixture
def phone():
    driver = make_driver(390, 844)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def screenshots():
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


def login(driver, username, password=PASSWORD):
    """Signs in through the form and waits until the answer page has loaded (so the session cookie is set)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait
    driver.delete_all_cookies()
    driver.get(BASE_URL + "/dang-nhap")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    form = driver.find_element(By.ID, "login-form")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 10).until(EC.staleness_of(form))
