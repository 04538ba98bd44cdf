"""Drives the pages in headless Chromium: sign in, submit, fill, approve, advance on the board,
type a Dutch amount that the gate refuses, then read the decision in a person's inbox. The server
speaks its default, Dutch, as `make run` serves it; at the end the language switch turns the pages
English and back.

Run by scripts/browser-test.sh, which starts a server on demo data and passes its address, its
first token and the token of a facilitator of the register in PIPELINE_URL, PIPELINE_TOKEN and
PIPELINE_PERSON_TOKEN.
"""
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

URL = os.environ["PIPELINE_URL"]
TOKEN = os.environ["PIPELINE_TOKEN"]
PERSON_TOKEN = os.environ.get("PIPELINE_PERSON_TOKEN", "")
SHOTS = os.environ.get("SCREENSHOTS", "docs/screenshots")
TITLE = "Browsertest: gedeelde stagedesk"


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


options = webdriver.ChromeOptions()
for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"]:
    options.add_argument(argument)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.implicitly_wait(5)
try:
    # Sign in with the printed token.
    driver.get(URL + "/")
    check("/signin" in driver.current_url, "a signed-out visitor is sent to the sign-in form")
    driver.find_element(By.ID, "token").send_keys(TOKEN)
    driver.find_element(By.CSS_SELECTOR, "form[action='/signin'] button").click()
    wait_for_url("/board/", "signed in lands on a board")
    check(not any(c.get("value") == TOKEN for c in driver.get_cookies()), "the cookie is not the token")
    check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl", "the pages speak Dutch")
    check("Uitloggen" in driver.find_element(By.CSS_SELECTOR, "form.signout button").text, "the header is Dutch")

    # Submit an idea through the form; a wrong number first, which must keep the input.
    driver.get(URL + "/submit/primary-care-innovation")
    check("Wat gebeurt er in deze fase?" in driver.page_source, "the submit page says what happens in the first stage")
    driver.find_element(By.ID, "in-organisation").send_keys("HAP De Linde")
    Select(driver.find_element(By.ID, "in-region")).select_by_visible_text("Twente")
    driver.find_element(By.ID, "in-title").send_keys(TITLE)
    driver.find_element(By.ID, "in-summary").send_keys(
        "Een gedeelde digitale stagedesk voor alle huisartsenpraktijken in de regio, zodat studenten sneller "
        "een stageplaats vinden en praktijken minder tijd kwijt zijn.")
    Select(driver.find_element(By.ID, "in-theme")).select_by_value("onderwijsvernieuwing")
    driver.find_element(By.ID, "in-expected_fte_saved").send_keys("veel")
    driver.find_element(By.CSS_SELECTOR, "form[action^='/submit/'] button[type=submit]").click()
    wait_until(
        lambda: "geen getal" in driver.find_element(By.ID, "err-expected_fte_saved").text,
        "the number's problem is next to it")
    check(driver.find_element(By.ID, "in-title").get_attribute("value") == TITLE, "the title was kept")
    number = driver.find_element(By.ID, "in-expected_fte_saved")
    number.clear()
    number.send_keys("1,5")
    driver.find_element(By.CSS_SELECTOR, "form[action^='/submit/'] button[type=submit]").click()
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

    # The idea's gate checklist for the business case, and the funnel.
    driver.get(idea_url)
    check("Beoordeling businesscase" in driver.page_source, "the business case gate's checklist is shown")
    check("Lid poortcommissie" in driver.page_source, "the gate's roles by the workflow's names")
    driver.set_window_size(1400, 1600)
    driver.save_screenshot(f"{SHOTS}/idea.png")
    driver.set_window_size(1400, 1000)

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
    check("cost_eur" in driver.find_element(By.ID, "refusal").text, "the refusal names the cost")
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
    driver.get(URL + "/regions/Noord-%20en%20Midden-Limburg")
    wait_for_text("Invoeringen van overgenomen ideeën", "a region's page lists its implementations")
    driver.set_window_size(1400, 1400)
    driver.save_screenshot(f"{SHOTS}/region.png")
    driver.find_element(By.LINK_TEXT, "Centrale receptenlijn voor herhaalmedicatie").click()
    wait_for_text("Adoptie door regio", "the idea shows its adoptions")
    check("Landelijke implementatie" in driver.page_source, "the idea went national")
    adoptions = driver.find_element(By.CSS_SELECTOR, "section[aria-labelledby='h-adoptions']")
    check(len(adoptions.find_elements(By.CSS_SELECTOR, "tbody tr")) >= 5, "the idea lists its regions")
    driver.execute_script("arguments[0].scrollIntoView()", adoptions)
    driver.save_screenshot(f"{SHOTS}/adoptions.png")
    driver.set_window_size(1400, 1000)

    # The first token belongs to nobody: its inbox says why it is empty.
    driver.get(URL + "/inbox")
    check("bij geen enkele persoon in het register hoort" in driver.page_source, "a token of nobody has no inbox")

    # A person's own language: the footer's switch makes the pages English, and Dutch again.
    driver.find_element(By.CSS_SELECTOR, "form.language button[value=en]").click()
    wait_for_text('<html lang="en">', "English chosen")
    check("/inbox" in driver.current_url, "the switch comes back to the page it was on")
    check("Sign out" in driver.find_element(By.CSS_SELECTOR, "form.signout button").text, "the header is English")
    driver.find_element(By.CSS_SELECTOR, "form.language button[value=nl]").click()
    wait_for_text('<html lang="nl">', "Dutch again")
    checked_inbox = ""
    if PERSON_TOKEN:
        # Fenna, a facilitator of the register, was told of the go: the header counts it, the inbox shows it.
        driver.find_element(By.CSS_SELECTOR, "form.signout button").click()
        wait_for_url("/signin", "signed out")
        driver.get(URL + "/signin?next=/inbox")
        driver.find_element(By.ID, "token").send_keys(PERSON_TOKEN)
        driver.find_element(By.CSS_SELECTOR, "form[action='/signin'] button").click()
        wait_for_url("/inbox", "signed in as a person, on the inbox")
        header = driver.find_element(By.CSS_SELECTOR, "header.site a.inbox").text
        check(header.startswith("Meldingen ("), f"the header counts the unread notifications: {header!r}")
        item = driver.find_element(
            By.XPATH, f"//li[contains(@class,'notification') and .//a[@href='/ideas/{idea_id}']]")
        check("unread" in item.get_attribute("class"), "the decision is unread")
        check("gaat door naar Businesscase" in item.text, f"the decision's subject: {item.text!r}")
        driver.save_screenshot(f"{SHOTS}/inbox.png")
        item.find_element(By.XPATH, ".//button[normalize-space()='Markeren als gelezen']").click()
        wait_for_text("De melding is gemarkeerd als gelezen.", "marking read is confirmed")
        item = driver.find_element(
            By.XPATH, f"//li[contains(@class,'notification') and .//a[@href='/ideas/{idea_id}']]")
        check("unread" not in item.get_attribute("class").split(), "the decision is read")
        checked_inbox = "; the decision read in the inbox"
    print(f"browser test passed, in Dutch: idea {idea_id} submitted, filled, approved and advanced"
          f"{checked_inbox}; the language switched to English and back; screenshots in {SHOTS}/")
finally:
    driver.quit()
