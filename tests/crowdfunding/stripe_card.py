"""A backer's card steps in a real browser against localstripe's stand-in for Stripe.js, shared by the
card test (test_browser_card.py) and the crowdfunding journey (tests/browser).

localstripe draws bare inputs named by their placeholder inside #card-element, where js.stripe.com
would draw an iframe; the texts are the Dutch (nl-BE) ones the pages show."""
from __future__ import annotations

from playwright.sync_api import Page, expect

CARD_THAT_WORKS = "4242424242424242"
SAVE_BUTTON = "Mijn kaart bewaren"
SAVED_STATUS = "Kaart bewaard, gedebiteerd als het doel gehaald wordt"


def pledge_by_card_on_the_form(page: Page, amount: str) -> None:
    """On a campaign's pledge form: pledge `amount` euro by card. Returns once Stripe.js mounted the
    card field on the pledge page (the save button only shows then)."""
    page.get_by_label("Bedrag in euro").fill(amount)
    page.get_by_label("Bankkaart (Stripe)").check()
    page.get_by_role("button", name="Steunen").click()
    expect(page.get_by_role("button", name=SAVE_BUTTON)).to_be_visible()


def save_test_card(page: Page, console_errors: list[str]) -> None:
    """Type a card that works into the card field, save it, and wait until the server recorded it.
    `console_errors` are the page's console errors so far: none may come from the page's CSP."""
    card = page.locator("#card-element")
    card.locator("input[placeholder=number]").fill(CARD_THAT_WORKS)
    card.locator("input[placeholder=exp_month]").fill("12")
    card.locator("input[placeholder=exp_year]").fill("30")
    card.locator("input[placeholder=cvc]").fill("123")
    card.locator("input[placeholder=postal_code]").fill("9000")
    page.get_by_role("button", name=SAVE_BUTTON).click()
    expect(page.locator("#pledge-status")).to_have_text(SAVED_STATUS)
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors
