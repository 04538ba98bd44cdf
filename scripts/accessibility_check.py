"""The accessibility checks of the browser test (scripts/browser_test.py), on the page the browser
shows, at desktop width (1280 × 900) and phone width (390 × 844, as a phone: the viewport meta
applies):

- axe-core with the rules of WCAG 2.0 and 2.1, levels A and AA (tags wcag2a, wcag2aa, wcag21a,
  wcag21aa), and the best practices for landmarks and headings that the pages promise;
- no sideways scrolling of the page itself (a wide table scrolls inside its own container);
- the keyboard: Tab reaches every control of the page, in order, the skip link first, and each
  shows a focus ring that it does not show unfocused;
- the contrast of text drawn in the SVG charts, which axe leaves for a person to judge ("its
  background could not be determined").

axe-core comes from PyPI, bundled in a package, so it runs offline: axe-selenium-python (its
`Axe(driver, script_url).inject()`), and axe-core-python, whose newer axe-core this prefers when
both are installed (axe-selenium-python 2.1.6, the last for Python 3.11, bundles axe-core 3.1.1,
which knows no WCAG 2.1 tags). Problems are collected over all pages and reported together.
"""
import importlib.util
import re
from pathlib import Path

from selenium.common.exceptions import JavascriptException, TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

DESKTOP = ("desktop", 1280, 900, False)
PHONE = ("phone", 390, 844, True)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Best practices, not WCAG rules, that the pages keep all the same: one main landmark, all content
# in landmarks, headings in order, an h1, a skip link that works.
BEST_PRACTICES = {
    "heading-order", "page-has-heading-one", "empty-heading", "landmark-one-main", "landmark-unique",
    "landmark-no-duplicate-banner", "landmark-no-duplicate-contentinfo", "landmark-no-duplicate-main",
    "landmark-banner-is-top-level", "landmark-contentinfo-is-top-level", "landmark-main-is-top-level",
    "region", "skip-link", "empty-table-header",
}


def viewport(driver, width, height, mobile=False):
    """The page's viewport, as a phone's (`mobile`: the viewport meta applies) or a desktop's."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})


def axe_engines():
    """The axe-core scripts the installed packages bundle, as (version, path), newest first."""
    found = []
    for package, inside in [("axe_selenium_python", "node_modules/axe-core/axe.min.js"),
                            ("axe_core_python", "axe.min.js")]:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            continue
        path = Path(list(spec.submodule_search_locations)[0]) / inside
        if not path.exists():
            continue
        with open(path, encoding="utf-8") as script:
            match = re.search(r'version="(\d+)\.(\d+)\.(\d+)', script.read())
        if match:
            found.append((tuple(int(part) for part in match.groups()), path))
    return sorted(found, reverse=True)


# Every element the keyboard should reach, numbered in document order, with how it looks unfocused.
# Radio buttons of one group are one stop: the group is reached when one of them is.
FOCUSABLES_JS = r"""
const selector = 'a[href], area[href], button, input, select, textarea, summary, [tabindex]';
const native = 'a[href], area[href], button, input, select, textarea, summary';
const items = [];
function describe(el) {
  let text = (el.getAttribute('aria-label') || el.textContent || el.value || el.getAttribute('name') || '').trim().replace(/\s+/g, ' ');
  let s = el.tagName.toLowerCase();
  if (el.id) s += '#' + el.id;
  if (el.getAttribute('href')) s += '[href="' + el.getAttribute('href') + '"]';
  if (el.getAttribute('name') && !el.id) s += '[name="' + el.getAttribute('name') + '"]';
  return s + (text ? ' "' + text.slice(0, 40) + '"' : '');
}
window.__a11ySignature = function (el) {
  const s = getComputedStyle(el);
  const parts = [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.borderTopColor, s.color];
  const shape = el instanceof SVGElement ? el.querySelector('rect, circle, ellipse, path, polygon') : null;
  if (shape) { const t = getComputedStyle(shape); parts.push(t.stroke, t.strokeWidth); }
  return parts.join('|');
};
window.__a11yRing = function (el) {
  const s = getComputedStyle(el);
  if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) return true;
  if (s.boxShadow && s.boxShadow !== 'none') return true;
  const shape = el instanceof SVGElement ? el.querySelector('rect, circle, ellipse, path, polygon') : null;
  return !!shape && parseFloat(getComputedStyle(shape).strokeWidth) >= 2;
};
// Tab starts from the top of the page: from a mark that takes the focus but is no stop of its own
// (after a blur, the browser would go on from the element that had the focus).
const start = document.createElement('span');
start.setAttribute('tabindex', '-1');
start.setAttribute('data-a11y-start', '');
document.body.prepend(start);
start.focus();
window.scrollTo(0, 0);
let number = 0;
for (const el of document.querySelectorAll(selector)) {
  el.removeAttribute('data-a11y');
  if (el.disabled || el.closest('[inert]') || el.matches('input[type=hidden]')) continue;
  // A control taken out of the Tab order (tabindex="-1") still counts: the keyboard must reach it.
  if (!el.matches(native) && el.tabIndex < 0) continue;
  const style = getComputedStyle(el);
  if (style.visibility === 'hidden' || style.display === 'none' || !el.getClientRects().length) continue;
  el.setAttribute('data-a11y', String(number));
  const group = el.matches('input[type=radio]') ? 'radio:' + (el.form ? [...document.forms].indexOf(el.form) : -1) + ':' + el.name : '';
  items.push({number: number, what: describe(el), group: group, skip: el.classList.contains('skip'),
              unfocused: window.__a11ySignature(el)});
  number += 1;
}
return items;
"""

ACTIVE_JS = r"""
const el = document.activeElement;
if (!el || el === document.body || el === document.documentElement || !el.hasAttribute('data-a11y')) {
  return el && el !== document.body ? {number: -1, what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')} : null;
}
const rect = el.getBoundingClientRect();
return {number: Number(el.getAttribute('data-a11y')), focused: window.__a11ySignature(el), ring: window.__a11yRing(el),
        shown: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.top < window.innerHeight};
"""

# Elements that stick out to the right of the viewport and are not inside a container that scrolls
# or clips sideways: the outermost of them, as a path of tag#id.class.
OVERFLOW_JS = r"""
const limit = document.documentElement.clientWidth;
const found = [];
function name(el) { let s = el.tagName.toLowerCase(); if (el.id) s += '#' + el.id; if (el.classList.length) s += '.' + [...el.classList].join('.'); return s; }
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.right <= limit + 0.5) continue;
  // A container that scrolls or clips sideways holds it, unless it is positioned outside of it
  // (absolute, to an ancestor of the container, or fixed).
  const position = getComputedStyle(el).position;
  let p = el.parentElement, contained = false;
  while (p && p !== document.body && position !== 'fixed') {
    if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(p).overflowX)) {
      contained = position !== 'absolute' || (el.offsetParent !== null && p.contains(el.offsetParent));
      break;
    }
    p = p.parentElement;
  }
  if (!contained) found.push(el);
}
return {scrollWidth: document.documentElement.scrollWidth, clientWidth: limit,
        culprits: found.filter(el => !found.includes(el.parentElement)).slice(0, 5).map(el => {
          const path = []; for (let e = el; e && e !== document.body; e = e.parentElement) path.unshift(name(e));
          return path.join(' > ') + ' (right edge at ' + Math.round(el.getBoundingClientRect().right) + ' px)'; })};
"""

# Text drawn in an SVG over a shape: its fill against the fill of the shape under its middle (the
# last one drawn before it), or the page's white. Large text (24 px, or 18.66 px bold) needs 3:1,
# other text 4.5:1.
SVG_CONTRAST_JS = r"""
function rgb(c) { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null; const v = m[1].split(',').map(Number); return v.length > 3 && v[3] === 0 ? null : v.slice(0, 3); }
function lum(v) { const [r, g, b] = v.map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; }
function ratio(a, b) { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); }
const problems = [];
for (const svg of document.querySelectorAll(arguments[0])) {
  const shapes = [...svg.querySelectorAll('rect, circle, ellipse, polygon')];
  for (const text of svg.querySelectorAll('text')) {
    if (!text.textContent.trim()) continue;
    const style = getComputedStyle(text);
    const fill = rgb(style.fill);
    if (!fill) continue;
    const box = text.getBoundingClientRect();
    if (!box.width) continue;
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    let background = [255, 255, 255];
    for (const shape of shapes) {
      if (!(shape.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
      const r = shape.getBoundingClientRect();
      const f = rgb(getComputedStyle(shape).fill);
      if (f && x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) background = f;
    }
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    const got = ratio(fill, background);
    if (got < needed) problems.push('"' + text.textContent.trim() + '" (' + style.fill + ' on rgb(' + background.join(', ') + '), ' + got.toFixed(2) + ':1, needs ' + needed + ':1)');
  }
}
return problems;
"""


class Accessibility:
    """Runs the checks on the browser's current page and keeps the problems found."""

    def __init__(self, driver, script_path):
        from axe_selenium_python import Axe
        self.driver = driver
        self.axe = Axe(driver, str(script_path))
        self.problems = []
        self.checked = []
        self.engine = None

    def _run_axe(self):
        self.axe.inject()
        if self.engine is None:
            self.engine = self.driver.execute_script("return axe.version")
            known = set(self.driver.execute_script("return [].concat(...axe.getRules().map(r => r.tags))"))
            missing = [tag for tag in WCAG_TAGS if tag not in known]
            if missing:
                raise RuntimeError(f"axe-core {self.engine} knows no rules tagged {', '.join(missing)}: "
                                   "it is too old for a WCAG 2.1 check")
        options = {"runOnly": {"type": "tag", "values": WCAG_TAGS + ["best-practice"]},
                   "resultTypes": ["violations"]}
        # The package's own Axe.run waits forever for a promise that fails; this one says why.
        result = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, arguments[0]).then(r => done(r)).catch(e => done({error: String(e)}));",
            options)
        if "error" in result:
            raise RuntimeError(f"axe-core failed: {result['error']}")
        return result["violations"]

    def check(self, page, keyboard=True, svg_contrast=".chart"):
        """Checks the page the browser shows now, at desktop width and then at phone width, without
        reloading it (a page after a POST stays as it is). The keyboard is tried at both widths."""
        for width_name, width, height, mobile in (DESKTOP, PHONE):
            viewport(self.driver, width, height, mobile)
            where = f"{page} at {width_name} width ({width} px)"
            self.checked.append(where)
            try:
                violations = self._run_axe()
            except (JavascriptException, TimeoutException) as error:
                self.problems.append(f"{where}: axe-core could not run: {error.msg}")
                violations = []
            for violation in violations:
                wcag = [tag for tag in violation["tags"] if tag in WCAG_TAGS]
                if not wcag and violation["id"] not in BEST_PRACTICES:
                    continue
                for node in violation["nodes"]:
                    summary = " ".join(line.strip() for line in node.get("failureSummary", "").splitlines()[1:3])
                    self.problems.append(
                        f"{where}: {violation['id']} ({violation['impact']}, {', '.join(wcag) or 'best practice'}): "
                        f"{violation['help']}; at {', '.join(map(str, node['target']))}: {summary}")
            layout = self.driver.execute_script(OVERFLOW_JS)
            if mobile and layout["clientWidth"] != width:
                self.problems.append(f"{where}: the viewport is {layout['clientWidth']} px wide, not {width}")
            if layout["scrollWidth"] > layout["clientWidth"]:
                self.problems.append(
                    f"{where}: the page scrolls sideways ({layout['scrollWidth']} px wide in {layout['clientWidth']}); "
                    f"sticking out: {'; '.join(layout['culprits']) or 'nothing found'}")
            if svg_contrast:
                for problem in self.driver.execute_script(SVG_CONTRAST_JS, svg_contrast):
                    self.problems.append(f"{where}: text in a chart has too little contrast: {problem}")
            if keyboard:
                self.keyboard(where)
        viewport(self.driver, DESKTOP[1], DESKTOP[2], DESKTOP[3])

    def keyboard(self, where):
        """Tabs through the page from its top: the first stop is the skip link, every control is
        reached, each shows a focus ring it does not have unfocused, and none is off screen."""
        items = self.driver.execute_script(FOCUSABLES_JS)
        reached, seen_groups, order = set(), set(), []
        # A date field takes three Tabs (day, month, year): room for those.
        for _ in range(3 * len(items) + 3):
            ActionChains(self.driver).send_keys(Keys.TAB).perform()
            active = self.driver.execute_script(ACTIVE_JS)
            if active is None:
                break  # past the last control: the focus left the page
            if active["number"] < 0:
                self.problems.append(f"{where}: Tab stops on {active['what']}, which is not a control")
                continue
            number = active["number"]
            if order and number == order[-1]:
                continue  # the next part of the same field
            if number in reached:
                break  # round again
            reached.add(number)
            order.append(number)
            item = items[number]
            if item["group"]:
                seen_groups.add(item["group"])
            if active["focused"] == item["unfocused"] or not active["ring"]:
                self.problems.append(f"{where}: {item['what']} shows no focus ring when it has the keyboard's focus")
            if not active["shown"]:
                self.problems.append(f"{where}: {item['what']} has the focus but is not on screen")
        if items and (not order or not items[order[0]]["skip"]):
            first = items[order[0]]["what"] if order else "nothing"
            self.problems.append(f"{where}: the first Tab goes to {first}, not to the skip link")
        if order != sorted(order):
            self.problems.append(f"{where}: the Tab order is not the order of the page")
        self.driver.execute_script("document.querySelectorAll('[data-a11y-start]').forEach(e => e.remove())")
        for item in items:
            if item["number"] in reached or (item["group"] and item["group"] in seen_groups):
                continue
            self.problems.append(f"{where}: Tab never reaches {item['what']}")

    def report(self):
        """Every problem, one a line; empty when there are none."""
        return "\n".join(f"  - {problem}" for problem in self.problems)


def tab_to(driver, css, limit=150):
    """Presses Tab until the element `css` has the focus; False when it is not reached."""
    for _ in range(limit):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        if driver.execute_script("return document.activeElement && document.activeElement.matches(arguments[0])", css):
            return True
    return False


def type_keys(driver, text):
    """Types into whatever has the focus, as a keyboard does."""
    ActionChains(driver).send_keys(text).perform()


def tab_through_form(driver, form_css, values, limit=150):
    """Fills a form with the keyboard only: Tab from the top of the page, type each value into the
    control whose id is a key of `values` (a select chooses by typing the start of its text), and
    press Enter on the form's submit button. Returns the ids it did not reach, or None when the
    submit button was not reached."""
    left = dict(values)
    for _ in range(limit):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        active = driver.execute_script(
            "const el = document.activeElement; const form = el && el.closest(arguments[0]);"
            "return form ? {id: el.id, submit: el.matches('button[type=submit], button:not([type])')} : null;",
            form_css)
        if active is None:
            continue
        if active["id"] in left:
            if driver.execute_script("return document.activeElement.tagName") != "SELECT":
                # Select what the field holds, so that typing replaces it.
                ActionChains(driver).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).perform()
            type_keys(driver, left.pop(active["id"]))
        elif active["submit"]:
            type_keys(driver, Keys.ENTER)
            return sorted(left)
    return None


