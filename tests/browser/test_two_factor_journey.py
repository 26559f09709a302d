"""A staff member switches on two-step verification with the key beside the QR code, logs in with a
code from the app, then once with a recovery code (which does not work a second time); axe on the
settings page, the recovery codes, the second step (empty and with an error) and the back-office home."""
from __future__ import annotations

import time

import pyotp
from playwright.sync_api import expect

from tests.browser.accessibility import assert_no_axe_violations
from tests.browser.conftest import login_as

EMAIL, PASSWORD = "tweestap@demo.stadslab.be", "tweestap-demo-2026-lang"


def _staff_member(live_server) -> None:
    from participation.accounts.services import create_user, find_user_by_email
    from participation.extensions import db

    with live_server["app"].app_context():
        if find_user_by_email(EMAIL) is None:
            create_user(EMAIL, "Tine Tweestap", PASSWORD, role="staff")
            db.session.commit()
        db.session.remove()


def _log_out(page) -> None:
    page.get_by_role("button", name="Uitloggen").first.click()


def test_staff_switch_on_two_step_verification_and_log_in_with_a_code_and_a_recovery_code(page, live_server):
    _staff_member(live_server)
    login_as(page, EMAIL, PASSWORD, in_dutch=True)
    page.goto("/beheer")
    expect(page.get_by_role("heading", name="Beheer")).to_be_visible()
    expect(page.get_by_role("link", name="Participatietrajecten")).to_be_visible()
    assert_no_axe_violations(page, "the back-office home")

    page.goto("/profiel/tweestapsverificatie")
    expect(page.get_by_role("img", name="QR-code om dit account aan een authenticator-app toe te voegen")).to_be_visible()
    assert_no_axe_violations(page, "two-step verification, off")
    secret = page.locator("code.secret").inner_text().strip()
    totp = pyotp.TOTP(secret)
    page.get_by_label("Code", exact=True).fill(totp.now())
    page.get_by_role("button", name="Tweestapsverificatie aanzetten").click()
    expect(page.get_by_role("heading", name="Herstelcodes")).to_be_visible()
    codes = [code.strip() for code in page.locator(".recovery-codes code").all_inner_texts()]
    assert len(codes) == 10
    assert_no_axe_violations(page, "the recovery codes")
    page.get_by_role("link", name="Ik heb ze bewaard").click()
    expect(page.get_by_text("Er zijn nog 10 ongebruikte herstelcodes.")).to_be_visible()
    assert_no_axe_violations(page, "two-step verification, on")
    _log_out(page)

    # The password alone: the second step, where a wrong code is refused with the reason.
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Tweestapsverificatie")).to_be_visible()
    assert_no_axe_violations(page, "the second step")
    page.get_by_label("Code", exact=True).fill("000000")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator(".error-summary")).to_contain_text("Die code klopt niet")
    assert_no_axe_violations(page, "the second step with an error")
    page.get_by_label("Code", exact=True).fill(totp.at(time.time() + 30))  # the next code: the one used to switch on is spent
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("Welkom terug, Tine Tweestap.")).to_be_visible()
    _log_out(page)

    for attempt in range(2):
        page.goto("/inloggen")
        page.get_by_label("E-mailadres").fill(EMAIL)
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.get_by_label("Code", exact=True).fill(codes[0])
        page.get_by_role("button", name="Inloggen").click()
        if attempt == 0:
            expect(page.get_by_text("Je gebruikte een herstelcode; er zijn er nog 9.")).to_be_visible()
            _log_out(page)
        else:
            expect(page.locator(".error-summary")).to_contain_text("Die herstelcode is al gebruikt")
