"""Moderation of ideas and reactions in a real browser: reports hide a reaction, a moderator decides with
a reason the author reads, the author appeals and a second moderator decides, a pre-moderated idea stays
invisible until approved, and the transparency page counts it all. axe checks every page on the way."""
from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.browser.accessibility import assert_no_axe_violations
from tests.browser.conftest import login_as

PASSWORD = "een lang en veilig wachtwoord"
_run = itertools.count(1)


def _setup(app):
    """Our own people, processes, idea and reaction (the demo city's ideas may change)."""
    from participation.accounts.services import create_user
    from participation.core.jobs import commit_and_release
    from participation.ideas import services as idea_services
    from participation.moderation import services as moderation
    from participation.processes import services as process_services

    n = next(_run)
    with app.app_context():
        people = {
            role: create_user(f"moderation-{role}-{n}@example.be", f"{role.title()} {n}", PASSWORD,
                              role="moderator" if role.startswith("mod") else "citizen")
            for role in ("author", "citizen1", "citizen2", "citizen3", "mod1", "mod2")
        }
        staff = create_user(f"moderation-staff-{n}@example.be", f"Staff {n}", PASSWORD, role="staff")
        processes = {}
        for mode in ("post", "pre"):
            process = process_services.save_process(
                None, author=staff, title=f"Moderatie {mode} {n}", slug=None, policy_goal="De stad antwoordt binnen 60 dagen.",
                description="", moderation_mode=mode, theme_ids=[], district_ids=[], previous_edition_id=None,
            )
            process_services.add_phase(process, kind="ideation", starts_on=date.today() - timedelta(days=3),
                                       ends_on=date.today() + timedelta(days=10))
            process_services.change_status(process, "published")
            processes[mode] = process
        idea = idea_services.submit_idea(processes["post"], people["citizen1"], title=f"Een bankje aan de Leie {n}",
                                         description="Om even te rusten langs het water.")
        comment = idea_services.add_comment(idea, people["author"], f"Wie dit wil, is een idioot ({n}).")
        waiting = idea_services.submit_idea(processes["pre"], people["author"], title=f"Een speelstraat {n}",
                                            description="Elke woensdagnamiddag in de zomer.")
        data = {
            "emails": {role: user.email for role, user in people.items()},
            "idea_id": idea.id,
            "comment_id": comment.id,
            "comment_item_id": moderation.item_for("comment", comment.id).id,
            "waiting_id": waiting.id,
            "waiting_item_id": moderation.item_for("idea", waiting.id).id,
            "post_slug": processes["post"].slug,
        }
        commit_and_release()
    return data


def _sign_in(browser, live_server, email):
    context = browser.new_context(locale="nl-BE", base_url=live_server["url"])
    page = context.new_page()
    login_as(page, email, PASSWORD)
    return page


def _visit(page, url, label):
    page.goto(url)
    assert_no_axe_violations(page, label)


def _submit(page, form_selector):
    page.locator(form_selector).locator("button[type=submit]").first.click()


def test_reports_decisions_appeals_and_pre_moderation(browser, live_server):
    app = live_server["app"]
    data = _setup(app)
    emails = data["emails"]
    idea_url = f"/ideeen/{data['idea_id']}"
    comment = f"#reactie-{data['comment_id']}"
    reason = "Een reactie die een persoon uitscheldt, hoort hier niet."

    # Three citizens report the reaction; after the third it is hidden for everyone.
    for citizen in ("citizen1", "citizen2", "citizen3"):
        page = _sign_in(browser, live_server, emails[citizen])
        _visit(page, idea_url, "idea page with a reaction")
        page.locator(comment).get_by_role("link", name="Deze reactie melden").click()
        expect(page.locator("input[name=reason][value=offensive]")).to_be_visible()
        assert_no_axe_violations(page, "report form")
        page.locator("input[name=reason][value=offensive]").check()
        _submit(page, "form:has(input[name=reason])")
        expect(page).to_have_url(re.compile(rf"{idea_url}(#.*)?$"))
        page.context.close()
    author = _sign_in(browser, live_server, emails["author"])
    _visit(author, idea_url, "idea page with a hidden reaction")
    # Its author still sees their own words, marked as hidden, and why (others see only that it is hidden).
    expect(author.locator(comment)).to_contain_text("Je reactie is verborgen door de moderatie")
    expect(author.locator(comment)).to_contain_text("Meerdere mensen hebben dit gemeld")

    # A moderator rejects it with a reason; the author reads the reason in their mail and on the appeal page.
    mod1 = _sign_in(browser, live_server, emails["mod1"])
    _visit(mod1, f"/moderatie/items/{data['comment_item_id']}", "moderation item")
    mod1.locator("input[name=action][value=reject]").check()
    mod1.locator("form:has(input[name=version]) textarea[name=reason]").fill(reason)
    _submit(mod1, "form:has(input[name=version])")
    expect(mod1.locator(".flash, [role=status], [role=alert]").first).to_be_visible()
    with app.app_context():
        from participation.extensions import db
        from participation.moderation.models import Decision
        from participation.notifications.models import OutboxMessage

        mail = db.session.scalars(
            db.select(OutboxMessage).where(OutboxMessage.recipient == emails["author"]).order_by(OutboxMessage.id.desc())
        ).first()
        decision_id = db.session.scalar(
            db.select(Decision.id).where(Decision.item_id == data["comment_item_id"]).order_by(Decision.id.desc())
        )
    assert mail is not None and reason in mail.text_body
    # On the site too: next to the reaction, the reason and the way to appeal.
    _visit(author, idea_url, "idea page with a rejected reaction, seen by its author")
    expect(author.locator(comment)).to_contain_text(reason)
    author.locator(comment).get_by_role("link", name="Bezwaar maken tegen deze beslissing").click()
    expect(author).to_have_url(re.compile(rf"/moderatie/beslissingen/{decision_id}/bezwaar$"))
    assert_no_axe_violations(author, "appeal form")
    expect(author.get_by_text(reason)).to_be_visible()
    author.locator("textarea[name=text]").fill("Het was ironisch bedoeld, lees de hele discussie.")
    _submit(author, "form:has(textarea[name=text])")
    expect(author.locator(".flash, [role=status], [role=alert]").first).to_be_visible()

    # The appeal is decided by a second moderator (the first may not decide on their own decision).
    mod2 = _sign_in(browser, live_server, emails["mod2"])
    _visit(mod2, "/moderatie/bezwaren", "open appeals")
    appeal_form = mod2.locator("form:has(input[name=outcome])").first
    appeal_form.locator("input[name=outcome][value=refuse]").check()
    appeal_form.locator("textarea[name=answer]").fill("Ook ironisch bedoeld blijft het een scheldwoord.")
    appeal_form.locator("button[type=submit]").click()
    expect(mod2.locator("form:has(input[name=outcome])")).to_have_count(0)

    # In a pre-moderated process a new idea is invisible to others until a moderator approves it.
    other = _sign_in(browser, live_server, emails["citizen2"])
    waiting_url = f"/ideeen/{data['waiting_id']}"
    response = other.goto(waiting_url)
    assert response.status == 404
    _visit(mod1, f"/moderatie/items/{data['waiting_item_id']}", "pending idea")
    mod1.locator("input[name=action][value=approve]").check()
    mod1.locator("form:has(input[name=version]) textarea[name=reason]").fill("Welkom, een mooi voorstel.")
    _submit(mod1, "form:has(input[name=version])")
    expect(mod1.locator(".flash, [role=status], [role=alert]").first).to_be_visible()
    _visit(other, waiting_url, "approved idea")
    expect(other.get_by_role("heading", level=1)).to_contain_text("Een speelstraat")

    # The transparency page counts the reports, the decision and the appeal, without names or texts.
    _visit(other, f"/trajecten/{data['post_slug']}/transparantie", "transparency")
    with app.test_request_context():
        from flask_babel import force_locale

        from participation.moderation.labels import ACTION_LABELS, REASON_LABELS

        with force_locale("nl"):
            rejected, offensive = str(ACTION_LABELS["reject"]), str(REASON_LABELS["offensive"])
    expect(other.locator("tr", has=other.get_by_role("cell", name=rejected, exact=True))).to_contain_text("1")
    expect(other.locator("tr", has=other.get_by_role("cell", name=offensive, exact=True))).to_contain_text("3")
    expect(other.locator("main, body").first).not_to_contain_text("idioot")
    for page in (author, mod1, mod2, other):
        page.context.close()


def _campaign_setup(app):
    """A live campaign by its own organiser, three citizens, a moderator and a staff member."""
    from participation.accounts.services import create_user
    from participation.core.jobs import commit_and_release
    from participation.crowdfunding import services as crowdfunding

    n = next(_run)
    with app.app_context():
        people = {
            role: create_user(f"campaign-{role}-{n}@example.be", f"{role.title()} {n}", PASSWORD,
                              role={"mod": "moderator", "staff": "staff"}.get(role, "citizen"))
            for role in ("owner", "citizen1", "citizen2", "citizen3", "mod", "staff")
        }
        campaign = crowdfunding.save_campaign(
            None, owner=people["owner"], title=f"Goedkope horloges {n}", organisation_name=None,
            summary="Steun onze winkel.", story="Wij verkopen **horloges**.", goal="1000",
            deadline=date.today() + timedelta(days=30), funding_model="all_or_nothing",
        )
        crowdfunding.submit_campaign(campaign, people["owner"])
        crowdfunding.approve_campaign(campaign, people["staff"])
        crowdfunding.launch_campaign(campaign, people["owner"])
        data = {"emails": {role: user.email for role, user in people.items()}, "campaign_id": campaign.id,
                "title": campaign.title}
        commit_and_release()
    return data


def test_three_reports_hide_a_campaign_for_the_public_until_a_moderator_restores_it(browser, live_server):
    app = live_server["app"]
    data = _campaign_setup(app)
    emails = data["emails"]
    campaign_url = f"/crowdfunding/{data['campaign_id']}"

    for citizen in ("citizen1", "citizen2", "citizen3"):
        page = _sign_in(browser, live_server, emails[citizen])
        _visit(page, campaign_url, "campaign page with report links")
        page.get_by_role("link", name="Deze campagne melden").click()
        assert_no_axe_violations(page, "report form for a campaign")
        page.locator("input[name=reason][value=spam]").check()
        _submit(page, "form:has(input[name=reason])")
        expect(page).to_have_url(re.compile(rf"{campaign_url}$"))
        page.context.close()

    public = browser.new_context(locale="nl-BE", base_url=live_server["url"]).new_page()
    assert public.goto(campaign_url).status == 404
    _visit(public, "/crowdfunding", "campaign list without the hidden campaign")
    expect(public.locator("main")).not_to_contain_text(data["title"])

    owner = _sign_in(browser, live_server, emails["owner"])
    _visit(owner, campaign_url, "hidden campaign seen by its organiser")
    expect(owner.locator(".moderation-notice")).to_contain_text("Meerdere mensen hebben dit gemeld")

    mod = _sign_in(browser, live_server, emails["mod"])
    _visit(mod, "/moderatie?kind=campaign", "queue filtered on campaigns")
    mod.get_by_role("link", name=re.compile(data["title"])).first.click()
    assert_no_axe_violations(mod, "moderation item of a campaign")
    mod.locator("input[name=action][value=restore]").check()
    mod.locator("form:has(input[name=version]) textarea[name=reason]").fill("Een echte buurtwinkel, geen spam.")
    _submit(mod, "form:has(input[name=version])")
    expect(mod.locator(".flash, [role=status], [role=alert]").first).to_be_visible()

    _visit(public, campaign_url, "restored campaign")
    expect(public.get_by_role("heading", level=1)).to_contain_text(data["title"])

    staff = _sign_in(browser, live_server, emails["staff"])
    _visit(staff, "/moderatie/moderatoren", "moderators per process")
    for page in (public, owner, mod, staff):
        page.context.close()
