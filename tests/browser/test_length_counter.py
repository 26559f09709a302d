"""Issue 17 in a real browser: a field with a length limit shows the limit, counts as one types and says
when the text is too long, without cutting it (no maxlength); the server then refuses the form with the
same count and keeps every character. The page passes axe with the counter showing, also over the limit."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.accessibility import assert_no_axe_violations
from tests.browser.conftest import login_as
from tests.browser.test_ideas_journey import CITIZEN, PROCESS, browser_page


def test_the_idea_title_counts_as_one_types_and_too_long_is_said_not_cut(browser, live_server):
    with browser_page(browser, live_server) as page:
        login_as(page, *CITIZEN, in_dutch=True)
        page.goto(f"/trajecten/{PROCESS}/ideeen/nieuw")
        title = page.get_by_label("Titel")
        assert title.get_attribute("maxlength") is None
        expect(page.locator("#title-limit")).to_have_text("Hoogstens 120 tekens.")
        counter = page.locator("#title-counter")
        expect(counter).to_have_text("0 van 120 tekens")
        assert "title-limit" in title.get_attribute("aria-describedby")

        title.press_sequentially("Een leeskiosk")
        expect(counter).to_have_text("13 van 120 tekens")
        live = counter.locator("xpath=following-sibling::*[1]")
        assert live.get_attribute("aria-live") == "polite"
        page.wait_for_timeout(1500)
        expect(live).to_have_text("")  # far from the limit: nothing is announced

        near = "Een leeskiosk " + "k" * 96  # 110 of 120
        title.fill(near)
        expect(counter).to_have_text("110 van 120 tekens")
        expect(counter).to_have_class("counter is-near")
        expect(live).to_have_text("110 van 120 tekens", timeout=5000)  # once typing pauses

        too_long = near + " in het park"  # 122: pasted in one go, kept whole
        title.fill(too_long)
        expect(title).to_have_value(too_long)
        expect(counter).to_have_text("122 van 120 tekens: 2 te veel")
        expect(counter).to_have_class("counter is-over")
        expect(live).to_have_text("122 van 120 tekens: 2 te veel", timeout=5000)
        assert_no_axe_violations(page, "the idea form with a title over its limit")

        page.get_by_label("Beschrijving", exact=True).fill("Een kiosk om boeken te ruilen.")
        page.get_by_role("button", name="Idee indienen").click()
        expect(page.locator("#title-error")).to_have_text("Hoogstens 120 tekens; je typte er 122.")
        expect(page.get_by_label("Titel")).to_have_value(too_long)
        expect(page.locator("#title-counter")).to_have_text("122 van 120 tekens: 2 te veel")
        assert_no_axe_violations(page, "the idea form refused for a title over its limit")
