"""Drives the pages in headless Chromium: sign in and submit an idea with the keyboard alone, fill,
approve, advance on the board, type a Dutch amount that the gate refuses, then read the decision in
a person's inbox. The server speaks its default, Dutch, as `make run` serves it; at the end the
language switch turns the pages English and back.

Every page a person can reach is checked for accessibility (scripts/accessibility_check.py) at
desktop and at phone width: axe-core's WCAG 2.0 and 2.1 A and AA rules, no sideways scrolling, and
Tab reaching every control with a visible focus ring. The problems of all pages are listed
together at the end.

Run by scripts/browser-test.sh, which starts a server on demo data and passes its address, its
first token (a facilitator of no person), the token of a facilitator of the register and that
person's admin token in PIPELINE_URL, PIPELINE_TOKEN, PIPELINE_PERSON_TOKEN and PIPELINE_ADMIN_TOKEN.
"""
import os
import sys
import time
from urllib.parse import quote

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from accessibility_check import Accessibility, axe_engines, tab_through_form, tab_to, type_keys, viewport

URL = os.environ["PIPELINE_URL"]
TOKEN = os.environ["PIPELINE_TOKEN"]
PERSON_TOKEN = os.environ["PIPELINE_PERSON_TOKEN"]
ADMIN_TOKEN = os.environ["PIPELINE_ADMIN_TOKEN"]
SHOTS = os.environ.get("SCREENSHOTS", "docs/screenshots")
TITLE = "Browsertest: gedeelde stagedesk"
NATIONAL = "Centrale receptenlijn voor herhaalmedicatie"
REGION = "Noord- en Midden-Limburg"
started = time.monotonic()


def check(condition, message):
    if not condition:
        print(f"browser test FAILED: {message}", file=sys.stderr)
        sys.exit(1)


def wait_until(condition, message):
    """A click starts a navigation; wait (10 s at most) for its page rather than read the old one."""
    try:
        WebDriverWait(driver, 10).until(lambda d: condition())
    except Exception:
        check(False, message)


def wait_for_text(text, message):
    wait_until(lambda: text in driver.page_source, message)


def wait_for_url(fragment, message):
    wait_until(lambda: fragment in driver.current_url, message)


def audit(page, path=None, **options):
    """The accessibility checks on `path` (or on the page as it is), at both widths."""
    if path is not None:
        driver.get(URL + path)
    try:
        accessibility.check(page, **options)
    except RuntimeError as error:  # axe-core too old, or failing: no check, no pass
        check(False, f"{page}: {error}")


def phone_screenshot(name, longest=2600):
    """The page at phone width, as far down as `longest` px, to SHOTS/<name>-phone.png."""
    viewport(driver, 390, 844, mobile=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    viewport(driver, 390, min(height, longest), mobile=True)
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(f"{SHOTS}/{name}-phone.png")
    viewport(driver, 1400, 1000)


def sign_in_by_keyboard(token, then, landing):
    """Signs in on the form with the keyboard alone: Tab to the token, type it, Enter."""
    driver.delete_all_cookies()
    driver.get(URL + "/signin?next=" + quote(then))
    check(tab_to(driver, "#token"), "Tab reaches the sign-in form's token field")
    type_keys(driver, token + Keys.ENTER)
    wait_for_url(landing, f"signed in with the keyboard, on {landing}")


options = webdriver.ChromeOptions()
for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"]:
    options.add_argument(argument)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.implicitly_wait(5)
try:
    engines = axe_engines()
    check(engines, "axe-core is installed (axe-selenium-python)")
    accessibility = Accessibility(driver, engines[0][1])
    viewport(driver, 1400, 1000)
    # Signed out: the sign-in form, and a mail's unsubscribe link that leads nowhere (an error page).
    driver.get(URL + "/")
    check("/signin" in driver.current_url, "a signed-out visitor is sent to the sign-in form")
    audit("sign-in form (signed out)")
    audit("error page, signed out (404)", "/unsubscribe/bestaat-niet")
    check(driver.find_elements(By.CSS_SELECTOR, "main p.refusal[role=alert]"), "an unknown notification is an error page")

    # Sign in with the printed token, with the keyboard alone.
    driver.get(URL + "/")
    check(tab_to(driver, "#token"), "Tab reaches the token field")
    type_keys(driver, TOKEN)
    check(tab_to(driver, "form[action='/signin'] button", limit=3), "Tab goes on to the sign-in button")
    type_keys(driver, Keys.ENTER)
    wait_for_url("/board/", "signed in lands on a board")
    check(not any(c.get("value") == TOKEN for c in driver.get_cookies()), "the cookie is not the token")
    check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl", "the pages speak Dutch")
    check("Uitloggen" in driver.find_element(By.CSS_SELECTOR, "form.signout button").text, "the header is Dutch")

    # Submit an idea through the form with the keyboard alone (Tab, type, Enter on the button); a
    # wrong number first, which must keep the input.
    driver.get(URL + "/submit/primary-care-innovation")
    check("Wat gebeurt er in deze fase?" in driver.page_source, "the submit page says what happens in the first stage")
    phone_screenshot("submit")
    submit_form = "form[action^='/submit/']"
    missed = tab_through_form(driver, submit_form, {
        "in-organisation": "HAP De Linde",
        "in-region": "Twente",
        "in-title": TITLE,
        "in-summary": "Een gedeelde digitale stagedesk voor alle huisartsenpraktijken in de regio, zodat studenten "
                      "sneller een stageplaats vinden en praktijken minder tijd kwijt zijn.",
        "in-theme": "Onderwijsvernieuwing",
        "in-expected_fte_saved": "veel",
    })
    check(missed == [], f"Tab reaches every field of the submit form and its button (missed: {missed})")
    wait_until(
        lambda: "geen getal" in driver.find_element(By.ID, "err-expected_fte_saved").text,
        "the number's problem is next to it")
    check(driver.find_element(By.ID, "in-title").get_attribute("value") == TITLE, "the title was kept")
    check(Select(driver.find_element(By.ID, "in-region")).first_selected_option.text == "Twente",
          "the region chosen by typing was kept")
    check(driver.find_element(By.ID, "in-theme").get_attribute("value") == "onderwijsvernieuwing",
          "the theme chosen by typing was kept")
    described = driver.find_element(By.ID, "in-expected_fte_saved").get_attribute("aria-describedby").split()
    check(described == ["constraint-expected_fte_saved", "err-expected_fte_saved"],
          f"the refused field points to its limits and its problem: {described}")
    audit("submit form with a refused number")
    missed = tab_through_form(driver, submit_form, {"in-expected_fte_saved": "1,5"})
    check(missed == [], "Tab reaches the refused number and the button again")
    wait_for_url("/ideas/", "the idea page follows a submit")
    idea_url = driver.current_url.split("?")[0]
    idea_id = idea_url.rsplit("/", 1)[1]
    wait_for_text("Uw idee is ingediend.", "the submit is confirmed")

    # Fill the fields the proposal gate asks for, and approve it.
    driver.find_element(By.ID, "in-problem").send_keys("Praktijken vinden te weinig stagiairs.")
    driver.find_element(By.CSS_SELECTOR, "input[name=partners][value=mbo]").click()
    driver.find_element(By.CSS_SELECTOR, f"form[action='/ideas/{idea_id}/fields'] button").click()
    wait_for_text("De velden zijn opgeslagen.", "the fields are saved")
    driver.find_element(By.CSS_SELECTOR, f"form[action='/ideas/{idea_id}/approve'] button").click()
    wait_for_text("Uw akkoord is vastgelegd.", "the approval is recorded")

    # Move it through the gate on the board.
    driver.get(URL + "/board/primary-care-innovation")
    card = driver.find_element(By.XPATH, f"//a[@href='/ideas/{idea_id}']/ancestor::li[contains(@class,'card')]")
    card.find_element(By.CSS_SELECTOR, "button.go").click()
    wait_for_text("Het idee is door naar de volgende fase.", "the board confirms the advance")
    column = driver.find_element(By.XPATH, f"//a[@href='/ideas/{idea_id}']/ancestor::section[contains(@class,'column')]")
    check("Businesscase" in column.find_element(By.TAG_NAME, "h2").text, "the card is in the Businesscase column")
    driver.save_screenshot(f"{SHOTS}/board.png")
    phone_screenshot("board", longest=1700)

    # The idea's gate checklist for the business case, and the funnel.
    driver.get(idea_url)
    check("Beoordeling businesscase" in driver.page_source, "the business case gate's checklist is shown")
    check("Lid poortcommissie" in driver.page_source, "the gate's roles by the workflow's names")
    viewport(driver, 1400, 1600)
    driver.save_screenshot(f"{SHOTS}/idea.png")
    phone_screenshot("idea", longest=3200)

    # The business case typed the Dutch way: "340.000" is 340000 euro, so without a subsidy the rule
    # "Kosten boven 250.000 euro alleen met subsidie" does not hold and a go is refused.
    rule = "Kosten boven 250.000 euro alleen met subsidie"

    def rule_holds():
        item = driver.find_element(By.XPATH, f"//ul[@class='checklist']/li[.//strong[normalize-space()='{rule}']]")
        return item.get_attribute("class") == "ok"

    def save_business_case(funding):
        cost = driver.find_element(By.ID, "in-cost_eur")
        cost.clear()
        cost.send_keys("340.000")
        Select(driver.find_element(By.ID, "in-funding")).select_by_value(funding)
        driver.find_element(By.CSS_SELECTOR, f"form[action='/ideas/{idea_id}/fields'] button").click()
        wait_for_text("De velden zijn opgeslagen.", "the business case is saved")

    save_business_case("eigen_middelen")
    check("€ 340.000" in driver.page_source, "the cost is read as 340.000 euro, and shown so")
    check(driver.find_element(By.ID, "in-cost_eur").get_attribute("value") == "340.000", "the form shows 340.000")
    check(not rule_holds(), "the cost rule does not hold without a subsidy")
    driver.find_element(By.XPATH, f"//form[@action='/ideas/{idea_id}/decide'][.//input[@value='go']]//button").click()
    wait_until(lambda: driver.find_elements(By.ID, "refusal"), "a go is refused")
    refusal = driver.find_element(By.ID, "refusal").text
    check("Kosten (euro) is € 340.000, mag hoogstens € 250.000 zijn" in refusal,
          f"the refusal names the cost in Dutch, with the field's label: {refusal!r}")
    check("cost_eur" not in refusal, "no field id in the refusal a person reads")
    audit("idea page with a refused go (an idea in Businesscase, with every form)")
    save_business_case("subsidie")
    check(rule_holds(), "with a subsidy the cost rule holds")

    driver.get(URL + "/funnel")
    check(driver.find_element(By.CSS_SELECTOR, "figure svg") is not None, "the funnel chart is drawn")
    driver.save_screenshot(f"{SHOTS}/funnel.png")
    driver.get(URL + "/regions")
    check(len(driver.find_elements(By.CSS_SELECTOR, "figure svg rect.tile")) >= 28, "the regions' tile map has every region")
    check("Live" in driver.find_element(By.CSS_SELECTOR, "table thead").text, "the overview counts live adoptions")
    driver.save_screenshot(f"{SHOTS}/regions.png")

    # A region's page with the implementations it runs, and the idea that went national by them.
    region_path = "/regions/" + quote(REGION)
    driver.get(URL + region_path)
    wait_for_text("Invoeringen van overgenomen ideeën", "a region's page lists its implementations")
    viewport(driver, 1400, 1400)
    driver.save_screenshot(f"{SHOTS}/region.png")
    phone_screenshot("region")
    driver.find_element(By.LINK_TEXT, NATIONAL).click()
    wait_for_text("Adoptie door regio", "the idea shows its adoptions")
    check("Landelijke implementatie" in driver.page_source, "the idea went national")
    national_path = driver.execute_script("return location.pathname")
    adoptions = driver.find_element(By.CSS_SELECTOR, "section[aria-labelledby='h-adoptions']")
    check(len(adoptions.find_elements(By.CSS_SELECTOR, "tbody tr")) >= 5, "the idea lists its regions")
    implementation_path = adoptions.find_element(By.CSS_SELECTOR, "tbody a").get_attribute("pathname")
    viewport(driver, 1400, 1400)
    driver.execute_script("arguments[0].scrollIntoView()", adoptions)
    driver.save_screenshot(f"{SHOTS}/adoptions.png")
    viewport(driver, 1400, 1000)

    # The first token belongs to nobody: its inbox says why it is empty.
    driver.get(URL + "/inbox")
    check("bij geen enkele persoon in het register hoort" in driver.page_source, "a token of nobody has no inbox")

    # Every other page a facilitator reaches, for accessibility: each workflow's board, submit form
    # and description, the reports, the regions, an idea that went national and one region's
    # implementation of it, the inbox and settings of a token of nobody, and an error page.
    driver.get(URL + "/funnel")
    workflows = [link.get_attribute("pathname").rsplit("/", 1)[1]
                 for link in driver.find_elements(By.CSS_SELECTOR, "header.site nav a[href^='/board/']")]
    check(len(workflows) >= 2, f"the header links every workflow's board: {workflows}")
    for workflow in workflows:
        audit(f"board {workflow}", f"/board/{workflow}")
        can_submit = bool(driver.find_elements(By.CSS_SELECTOR, f"a.button[href='/submit/{workflow}']"))
        audit(f"workflow {workflow}", f"/workflows/{workflow}")
        if can_submit:
            audit(f"submit form {workflow}", f"/submit/{workflow}")
    audit("idea page of an idea that went national", national_path)
    audit("idea page of a region's implementation", implementation_path)
    audit("funnel", "/funnel")
    audit("regions compared", "/compare")
    audit("regions overview", "/regions")
    audit(f"region {REGION}", region_path)
    audit("inbox of a token of nobody", "/inbox")
    audit("notification settings of a token of nobody", "/settings/notifications")
    audit("error page, signed in (404)", "/ideas/bestaat-niet")
    check(driver.find_elements(By.CSS_SELECTOR, "main p.refusal[role=alert]"), "an unknown idea is an error page")

    # A person's own language: the footer's switch makes the pages English, and Dutch again.
    driver.get(URL + "/inbox")
    driver.find_element(By.CSS_SELECTOR, "form.language button[value=en]").click()
    wait_for_text('<html lang="en">', "English chosen")
    check("/inbox" in driver.current_url, "the switch comes back to the page it was on")
    check("Sign out" in driver.find_element(By.CSS_SELECTOR, "form.signout button").text, "the header is English")
    audit("funnel in English", "/funnel")
    driver.get(URL + "/inbox")
    driver.find_element(By.CSS_SELECTOR, "form.language button[value=nl]").click()
    wait_for_text('<html lang="nl">', "Dutch again")

    # Fenna, a facilitator of the register, was told of the go: the header counts it, the inbox shows it.
    driver.find_element(By.CSS_SELECTOR, "form.signout button").click()
    wait_for_url("/signin", "signed out")
    sign_in_by_keyboard(PERSON_TOKEN, "/inbox", "/inbox")
    header = driver.find_element(By.CSS_SELECTOR, "header.site a.inbox").text
    check(header.startswith("Meldingen ("), f"the header counts the unread notifications: {header!r}")
    item = driver.find_element(
        By.XPATH, f"//li[contains(@class,'notification') and .//a[@href='/ideas/{idea_id}']]")
    check("unread" in item.get_attribute("class"), "the decision is unread")
    check("gaat door naar Businesscase" in item.text, f"the decision's subject: {item.text!r}")
    notification_id = item.get_attribute("id").removeprefix("n-")
    driver.save_screenshot(f"{SHOTS}/inbox.png")
    phone_screenshot("inbox")
    audit("inbox with unread notifications")
    item = driver.find_element(
        By.XPATH, f"//li[contains(@class,'notification') and .//a[@href='/ideas/{idea_id}']]")
    item.find_element(By.XPATH, ".//button[normalize-space()='Markeren als gelezen']").click()
    wait_for_text("De melding is gemarkeerd als gelezen.", "marking read is confirmed")
    item = driver.find_element(
        By.XPATH, f"//li[contains(@class,'notification') and .//a[@href='/ideas/{idea_id}']]")
    check("unread" not in item.get_attribute("class").split(), "the decision is read")
    audit("notification settings", "/settings/notifications")

    # The same person as an admin: the registers, the failed mail and the webhooks (one
    # subscription, whose receiver answers 404, so its deliveries fail and can be sent again).
    sign_in_by_keyboard(ADMIN_TOKEN, "/people", "/people")
    person_path = driver.find_element(
        By.XPATH, "//a[normalize-space()='Fenna de Vries'][starts-with(@href,'/people/')]").get_attribute("pathname")
    audit("people (admin)")
    audit("a person's page and form (admin)", person_path)
    audit("failed mail (admin)", "/mail")
    driver.get(URL + "/webhooks")
    wait_until(lambda: driver.find_elements(By.CSS_SELECTOR, "section.subscription tbody tr")
               or driver.refresh(), "the webhook subscription lists its deliveries")
    audit("webhooks (admin)")

    # The link of a mail, signed out: the unsubscribe page (opening it changes nothing).
    driver.delete_all_cookies()
    audit("unsubscribe page (signed out)", f"/unsubscribe/{notification_id}")
    check(driver.find_elements(By.CSS_SELECTOR, f"form[action='/unsubscribe/{notification_id}'] button"),
          "the unsubscribe page asks before it unsubscribes")

    if accessibility.problems:
        print(f"browser test FAILED: {len(accessibility.problems)} accessibility problems "
              f"(axe-core {accessibility.engine}, WCAG 2.0/2.1 A and AA):\n{accessibility.report()}", file=sys.stderr)
        sys.exit(1)
    pages = sorted({where.split(" at ")[0] for where in accessibility.checked})
    print(f"browser test passed, in Dutch: idea {idea_id} submitted with the keyboard, filled, approved and "
          f"advanced; the decision read in the inbox; the language switched to English and back; "
          f"accessibility checked on {len(pages)} pages at 1280 and 390 px wide (axe-core {accessibility.engine}, "
          f"WCAG 2.0/2.1 A and AA; no sideways scrolling; Tab reaches every control, with a focus ring): "
          f"{'; '.join(pages)}; screenshots in {SHOTS}/; {time.monotonic() - started:.0f} s")
finally:
    driver.quit()
