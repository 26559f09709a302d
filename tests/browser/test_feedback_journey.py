"""The city answers an idea in a real browser: staff start from an answer template, accept the idea with
an explanation, a cost estimate and a department; its author and a supporter each see a notification
under the bell and get an email whose unsubscribe link works without logging in; staff then post 40%
progress with a milestone, which the idea page shows. axe checks every new page on the way."""
from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from participation.accounts.services import create_user
from participation.core.jobs import commit_and_release
from participation.extensions import db
from participation.ideas import services as idea_services
from participation.notifications.models import OutboxMessage
from participation.processes.models import Process
from tests.browser.accessibility import assert_no_axe_violations
from tests.browser.conftest import login_as

STAFF = ("stad@demo.stadslab.be", "stadsdienst-demo-2026")
AUTHOR = ("auteur.feedback@example.be", "een idee voor de buurt")
SUPPORTER = ("steun.feedback@example.be", "ik steun dat idee graag")
TITLE = "Drinkwaterfontein op het Sint-Pietersplein"


def _idea_with_author_and_supporter(app) -> int:
    with app.app_context():
        author = create_user(AUTHOR[0], "Auteur Feedback", AUTHOR[1], verified=True)
        supporter = create_user(SUPPORTER[0], "Steun Feedback", SUPPORTER[1], verified=True)
        process = db.session.scalar(select(Process).where(Process.slug == "ruimte-voor-gent-2040"))
        idea = idea_services.submit_idea(process, author, title=TITLE,
                                         description="Gratis drinkwater voor wandelaars, sporters en kinderen op het plein.")
        idea_services.support_idea(idea, supporter)
        idea_id = idea.id
        commit_and_release()
    return idea_id


def _bell_shows(browser, live_server, email: str, password: str, title: str) -> None:
    context = browser.new_context(locale="nl-BE", base_url=live_server["url"])
    page = context.new_page()
    try:
        login_as(page, email, password)
        bell = page.get_by_role("link", name=re.compile(r"Meldingen, \d+ ongelezen"))
        expect(bell).to_be_visible()
        bell.click()
        expect(page.locator(".notification", has_text=title).first).to_be_visible()
        expect(page.locator(".notification", has_text="Aanvaard").first).to_be_visible()
    finally:
        context.close()


def _unsubscribe_works(browser, live_server, email: str) -> None:
    app = live_server["app"]
    with app.app_context():
        mail = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == email, OutboxMessage.kind == "notification_idea_status")
            .order_by(OutboxMessage.id)
        ).first()
        assert mail is not None, f"no status email to {email}"
        assert TITLE in mail.subject and "De stad plaatst hier een fontein" in mail.text_body
        link = re.search(r"http://\S+/meldingen/uitschrijven/\S+", mail.text_body).group(0)
    context = browser.new_context(locale="nl-BE", base_url=live_server["url"])  # not logged in
    stranger = context.new_page()
    try:
        stranger.goto(re.sub(r"^http://[^/]+", live_server["url"], link))
        stranger.get_by_role("button", name="Uitschrijven").click()
        expect(stranger.get_by_text("Je bent uitgeschreven.")).to_be_visible()
    finally:
        context.close()


def test_staff_accept_an_idea_the_author_and_a_supporter_hear_it_and_staff_report_40_percent(browser, page, live_server):
    idea_id = _idea_with_author_and_supporter(live_server["app"])

    login_as(page, *STAFF, in_dutch=True)
    page.goto(f"/ideeen/{idea_id}")
    page.get_by_role("link", name="Dit idee beantwoorden of toewijzen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    assert_no_axe_violations(page, "official response page")

    # An answer template fills the explanation (a plain submit button: works without JavaScript).
    page.get_by_label("Antwoordsjabloon").select_option(label="Wordt onderzocht")
    page.get_by_role("button", name="Dit sjabloon gebruiken").click()
    expect(page.get_by_label("Publieke toelichting", exact=True)).to_have_value(re.compile("De bevoegde dienst onderzoekt"))

    # Publishing without an explanation is refused with a clear message.
    page.get_by_label("Nieuwe status").select_option(label="Aanvaard")
    page.get_by_label("Publieke toelichting", exact=True).fill("")
    page.get_by_role("button", name="Antwoord publiceren").click()
    expect(page.locator(".error-summary")).to_contain_text("publieke toelichting")
    assert_no_axe_violations(page, "official response with an error")

    page.get_by_label("Nieuwe status").select_option(label="Aanvaard")
    page.get_by_label("Publieke toelichting", exact=True).fill("De stad plaatst hier een fontein in het voorjaar.")
    page.get_by_label("Geschatte kost in euro").fill("12.500")
    page.get_by_label("Verantwoordelijke dienst").select_option(label="Wegen, Bruggen en Waterlopen")
    page.get_by_role("button", name="Antwoord publiceren").click()
    expect(page).to_have_url(re.compile(rf"/ideeen/{idea_id}#tijdlijn$"))
    timeline = page.locator("#tijdlijn")
    expect(timeline).to_contain_text("Officieel antwoord van de stad")
    expect(timeline).to_contain_text("De stad plaatst hier een fontein in het voorjaar.")
    expect(timeline).to_contain_text("Wegen, Bruggen en Waterlopen")
    expect(timeline).to_contain_text("12.500")
    assert_no_axe_violations(page, "idea page with an official response")

    # The author and the supporter each see it under the bell, and got an email that unsubscribes.
    _bell_shows(browser, live_server, *AUTHOR, TITLE)
    _bell_shows(browser, live_server, *SUPPORTER, TITLE)
    _unsubscribe_works(browser, live_server, AUTHOR[0])
    _unsubscribe_works(browser, live_server, SUPPORTER[0])

    # Staff report progress: 40% and a milestone.
    page.goto(f"/ideeen/{idea_id}")
    page.get_by_role("link", name="Over de uitvoering rapporteren").click()
    assert_no_axe_violations(page, "implementation page")
    page.get_by_label("Voortgang (procent)").fill("40")
    page.get_by_label("Bericht").fill("De leidingen liggen er al; de fontein is besteld.")
    page.get_by_role("button", name="Update publiceren").click()
    expect(page.get_by_text("De update is gepubliceerd.")).to_be_visible()
    page.get_by_label("Mijlpaal", exact=True).fill("Fontein geplaatst")
    page.get_by_label("Geplande datum").fill("2027-04-15")
    page.get_by_role("button", name="Mijlpaal toevoegen").click()
    expect(page.get_by_text("De mijlpaal is toegevoegd.")).to_be_visible()
    assert_no_axe_violations(page, "implementation page with progress and a milestone")

    page.goto(f"/ideeen/{idea_id}")
    progress = page.get_by_role("progressbar", name="Voortgang van de uitvoering")
    expect(progress).to_have_attribute("value", "40")
    expect(page.locator("#tijdlijn")).to_contain_text("Fontein geplaatst")
    expect(page.locator("#tijdlijn")).to_contain_text("De leidingen liggen er al")
    assert_no_axe_violations(page, "idea page with progress")

    # The other new staff pages.
    page.goto("/antwoordsjablonen")
    expect(page.get_by_role("heading", level=1, name="Antwoordsjablonen")).to_be_visible()
    assert_no_axe_violations(page, "answer templates")
    page.goto("/trajecten/ruimte-voor-gent-2040/antwoorden")
    expect(page.get_by_role("heading", level=1, name="Meerdere ideeën beantwoorden")).to_be_visible()
    assert_no_axe_violations(page, "bulk answering")
