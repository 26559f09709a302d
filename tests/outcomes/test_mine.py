""""Mijn inspraak": a citizen's ideas, reactions, supports, votes and pledges, and nobody else's."""
from __future__ import annotations

import re
from datetime import date

from participation.budgeting import services as budgeting
from participation.crowdfunding.payments import pledges
from participation.extensions import db
from participation.ideas import services as idea_services
from tests.ideas.conftest import count_queries


def _page(client) -> str:
    response = client.get("/mijn-inspraak")
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/mijn-inspraak")
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_my_ideas_show_their_status_and_latest_official_response(client, login, make_user, make_idea, answer):
    citizen = make_user()
    idea = make_idea(author=citizen, title="Bankjes aan de Leie")
    answer(idea, after_days=2, status="under_review", note="We bekijken het.")
    answer(idea, after_days=12, status="accepted", note="We plaatsen zes bankjes in het voorjaar.")
    make_idea(author=citizen, title="Nog geen antwoord")
    make_idea(title="Idee van iemand anders")
    login(citizen)

    html = _page(client)

    assert "Bankjes aan de Leie" in html and "Aanvaard" in html
    assert "We plaatsen zes bankjes in het voorjaar." in html and "We bekijken het." not in html
    assert "Nog geen antwoord" in html and "Nog geen officieel antwoord." in html
    assert "Idee van iemand anders" not in html


def test_my_reactions_and_supports_show_the_idea_and_its_status(client, login, make_user, make_process):
    citizen, author = make_user(), make_user()
    process = make_process()
    idea = idea_services.submit_idea(process, author, title="Fietsstraat langs de school", description="Veiliger fietsen voor de kinderen.")
    idea_services.support_idea(idea, citizen, today=date.today())
    idea_services.add_comment(idea, citizen, "Goed plan, ook voor de buren.")
    hidden = idea_services.submit_idea(process, author, title="Verborgen idee", description="Dit werd verborgen door moderatie.")
    idea_services.support_idea(hidden, citizen, today=date.today())
    hidden.status = "hidden"
    db.session.commit()
    login(citizen)

    html = _page(client)

    assert "Goed plan, ook voor de buren." in html
    assert html.count("Fietsstraat langs de school") == 2  # reaction and support
    assert "Verborgen idee" not in html  # someone else's idea that is no longer public is not named


def test_my_votes_say_that_i_voted_and_never_what_i_chose(client, login, make_user, make_round, make_voter, queries_counter_sql):
    round_ = make_round(projects=(("Geheime speeltuin", 20_000_00), ("Zichtbare bomen", 30_000_00)))
    voter = make_voter(round_, make_user())
    chosen = next(p for p in round_.projects if p.title == "Geheime speeltuin")
    receipt = budgeting.cast_ballot(round_, voter, {chosen.id: 1}, date.today())
    db.session.commit()
    login(voter)

    with queries_counter_sql() as statements:
        html = _page(client)

    assert f"Je stemde in de stemronde “{round_.title}”." in html
    assert "Geheime speeltuin" not in html and "Zichtbare bomen" not in html
    assert receipt not in html  # the receipt code was shown once; only its hash is stored
    assert not any("budget_ballot_choices" in statement for statement in statements)


def test_a_verified_resident_who_did_not_vote_is_told_so(client, login, make_user, make_round, make_voter):
    round_ = make_round()
    voter = make_voter(round_, make_user())
    login(voter)
    html = _page(client)
    assert "er is geen stembiljet van jou geregistreerd" in html


def test_my_pledges_show_campaign_amount_and_state(client, login, make_user, make_campaign):
    backer = make_user()
    campaign = make_campaign("live", title="Moestuin in de Muide")
    pledges.record_pledge(campaign, backer, amount="25", method="bank_transfer")
    db.session.commit()
    login(backer)

    html = _page(client)

    assert "Moestuin in de Muide" in html
    assert "€ 25,00" in html


def test_the_page_reads_a_fixed_number_of_queries_whatever_i_contributed(client, login, make_user, make_process, make_idea, answer):
    def queries_for(count: int) -> int:
        citizen = make_user()
        process = make_process()
        for _ in range(count):
            idea = make_idea(process, author=citizen)
            answer(idea, after_days=1, status="accepted")
            other = make_idea(process)
            idea_services.support_idea(other, citizen, today=date.today())
            idea_services.add_comment(other, citizen, f"Reactie {other.id}")
        db.session.commit()
        login(citizen)
        db.session.expire_all()
        with count_queries(db.engine) as statements:
            _page(client)
        client.post("/uitloggen")
        return len(statements)

    assert queries_for(2) == queries_for(8)


def test_long_sections_are_capped_and_say_how_many_there_are(client, login, make_user, make_process, make_idea):
    from participation.outcomes import mine

    citizen = make_user()
    process = make_process()
    for _ in range(mine.SECTION_LIMIT + 2):
        make_idea(process, author=citizen)
    login(citizen)

    html = _page(client)

    assert f"De {mine.SECTION_LIMIT} meest recente van {mine.SECTION_LIMIT + 2} worden getoond." in html


def test_my_reaction_hidden_by_moderation_is_shown_to_me_with_a_note(client, login, make_user, make_process):
    from participation.moderation import services as moderation

    citizen, author = make_user(), make_user()
    idea = idea_services.submit_idea(make_process(), author, title="Parkeren aan de markt", description="Minder auto's op het plein.")
    comment = idea_services.add_comment(idea, citizen, "Een reactie die de moderator verbergt.")
    moderation.decide(make_user("moderator"), moderation.item_for("comment", comment.id), "hide", reason="Niet respectvol.", notify=False)
    db.session.commit()
    login(citizen)

    html = _page(client)

    assert "Een reactie die de moderator verbergt." in html
    assert "Niet zichtbaar voor anderen: moderatie" in html


def test_the_author_of_a_hidden_reaction_reads_the_moderator_s_reason_and_can_appeal(client, login, make_user, make_process):
    from participation.moderation import services as moderation

    citizen, author = make_user(), make_user()
    idea = idea_services.submit_idea(make_process(), author, title="Parkeren aan de markt", description="Minder auto's op het plein.")
    comment = idea_services.add_comment(idea, citizen, "Een reactie die de moderator verbergt.")
    decision = moderation.decide(make_user("moderator"), moderation.item_for("comment", comment.id), "hide", reason="Niet respectvol.", notify=False)
    db.session.commit()
    login(citizen)

    html = _page(client)

    assert "Reden: Niet respectvol." in html
    assert f'href="/moderatie/beslissingen/{decision.id}/bezwaar"' in html


def test_the_author_of_a_hidden_idea_reads_the_moderator_s_reason_and_can_appeal(client, login, make_user, make_process):
    from participation.moderation import services as moderation

    citizen = make_user()
    idea = idea_services.submit_idea(make_process(), citizen, title="Gratis parkeren overal", description="Koop hier je parkeerkaart.")
    decision = moderation.decide(make_user("moderator"), moderation.item_for("idea", idea.id), "hide", reason="Dit is reclame.", notify=False)
    db.session.commit()
    login(citizen)

    html = _page(client)

    assert "Gratis parkeren overal" in html and "Reden: Dit is reclame." in html
    assert f'href="/moderatie/beslissingen/{decision.id}/bezwaar"' in html


def test_a_public_contribution_carries_no_moderation_note(client, login, make_user, make_process):
    citizen = make_user()
    idea = idea_services.submit_idea(make_process(), citizen, title="Bankjes aan de Leie", description="Om te rusten.")
    idea_services.add_comment(idea, citizen, "Ook aan de overkant graag.")
    db.session.commit()
    login(citizen)

    html = _page(client)

    assert "Bankjes aan de Leie" in html and "Ook aan de overkant graag." in html
    assert "moderation-notice" not in html and "/bezwaar" not in html
