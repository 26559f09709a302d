"""The closing "you said, we did" report: staff write it, publish it, followers hear about it once."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.core.errors import NotAllowed
from participation.extensions import db
from participation.ideas import services as idea_services
from participation.outcomes import services
from participation.outcomes.models import ClosingReport

REPORT_PATH = "/beheer/trajecten/{id}/eindverslag"


def _notifications(event_key: str):
    from participation.notifications.models import Notification

    return list(db.session.scalars(select(Notification).where(Notification.event_key == event_key)))


def test_staff_write_a_draft_that_the_public_cannot_see(client, login, make_user, make_process):
    staff = make_user("staff")
    process = make_process()
    login(staff)

    response = client.post(REPORT_PATH.format(id=process.id), data={"title": "Jullie zeiden, wij deden", "body": "We legden **drie** pleinen aan."})

    assert response.status_code == 302
    report = db.session.scalar(select(ClosingReport).where(ClosingReport.process_id == process.id))
    assert report.body_html == "<p>We legden <strong>drie</strong> pleinen aan.</p>"
    assert not report.is_published
    staff_view = client.get(f"/trajecten/{process.slug}/resultaten").get_data(as_text=True)
    assert "Jullie zeiden, wij deden" in staff_view and "ontwerp" in staff_view
    client.post("/uitloggen")
    assert "Jullie zeiden, wij deden" not in client.get(f"/trajecten/{process.slug}/resultaten").get_data(as_text=True)
    login(make_user())
    assert "Jullie zeiden, wij deden" not in client.get(f"/trajecten/{process.slug}/resultaten").get_data(as_text=True)


def test_the_report_text_is_sanitised_and_the_title_kept_as_typed(make_user, make_process):
    report = services.save_report(
        make_process(), make_user("staff"), title="<b>Verslag</b>", body="Hallo <script>alert(1)</script> [link](javascript:alert(1))"
    )
    assert report.title == "<b>Verslag</b>"  # plain text: stored as typed, escaped on the page
    assert "<script" not in report.body_html and "javascript:" not in report.body_html


def test_a_report_without_text_is_refused_and_the_title_is_kept(client, login, make_user, make_process):
    process = make_process()
    login(make_user("staff"))

    response = client.post(REPORT_PATH.format(id=process.id), data={"title": "Mijn titel", "body": "   "})

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'value="Mijn titel"' in html
    assert "Schrijf wat de stad met de inbreng deed." in html
    assert db.session.scalar(select(ClosingReport).where(ClosingReport.process_id == process.id)) is None


def test_publishing_shows_the_report_and_notifies_followers_once(client, login, make_user, make_process):
    staff = make_user("staff")
    process = make_process()
    follower, other = make_user(), make_user()
    idea_services.follow_process(process, follower)
    db.session.commit()
    services.save_report(process, staff, title="Wat we deden", body="Alles staat op de kaart.")
    db.session.commit()
    login(staff)

    assert client.post(REPORT_PATH.format(id=process.id) + "/publiceren").status_code == 302
    client.post(REPORT_PATH.format(id=process.id) + "/intrekken")
    client.post(REPORT_PATH.format(id=process.id) + "/publiceren")

    notified = _notifications(f"process:{process.id}:closing-report")
    assert [n.user_id for n in notified] == [follower.id]
    assert notified[0].kind == "process_news"
    assert other.id not in {n.user_id for n in notified}
    client.post("/uitloggen")
    html = client.get(f"/trajecten/{process.slug}/resultaten").get_data(as_text=True)
    assert "Wat we deden" in html and "Alles staat op de kaart." in html


def test_unpublishing_makes_the_report_a_draft_again(client, login, make_user, make_process):
    staff = make_user("staff")
    process = make_process()
    report = services.save_report(process, staff, title="Eindverslag", body="Tekst.")
    services.publish_report(report, staff)
    db.session.commit()
    login(staff)

    client.post(REPORT_PATH.format(id=process.id) + "/intrekken")

    db.session.refresh(report)
    assert not report.is_published


def test_publishing_twice_is_refused_with_a_message(make_user, make_process):
    staff = make_user("staff")
    report = services.save_report(make_process(), staff, title="Eindverslag", body="Tekst.")
    services.publish_report(report, staff)
    with pytest.raises(services.InvalidReport):
        services.publish_report(report, staff)


def test_a_citizen_cannot_write_a_report_even_through_the_service(make_user, make_process):
    with pytest.raises(NotAllowed):
        services.save_report(make_process(), make_user(), title="Nep", body="Nep")


def test_publishing_needs_a_csrf_token(app, client, login, make_user, make_process):
    staff = make_user("staff")
    process = make_process()
    services.save_report(process, staff, title="Eindverslag", body="Tekst.")
    db.session.commit()
    login(staff)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(REPORT_PATH.format(id=process.id) + "/publiceren")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert db.session.scalar(select(ClosingReport.published_at).where(ClosingReport.process_id == process.id)) is None


def test_the_form_shows_the_saved_report_for_editing(client, login, make_user, make_process):
    staff = make_user("staff")
    process = make_process()
    services.save_report(process, staff, title="Bewaarde titel", body="Bewaarde *tekst*.")
    db.session.commit()
    login(staff)

    html = client.get(REPORT_PATH.format(id=process.id)).get_data(as_text=True)

    assert 'value="Bewaarde titel"' in html and "Bewaarde *tekst*." in html
    assert "Ontwerp: niet zichtbaar voor het publiek." in html


def test_the_report_of_a_draft_process_cannot_be_published(make_user, make_process):
    staff = make_user("staff")
    report = services.save_report(make_process(status="draft", phases=()), staff, title="Te vroeg", body="Nog niets.")
    with pytest.raises(services.InvalidReport):
        services.publish_report(report, staff)
    assert not report.is_published


def test_staff_translate_the_report_and_a_french_reader_reads_it_in_french(client, login, make_user, make_process):
    staff = make_user("staff")
    process = make_process()
    db.session.commit()
    login(staff)
    response = client.post(REPORT_PATH.format(id=process.id), data={
        "title": "Wat we deden", "body": "Alles staat op de **kaart**.",
        "title_fr": "Ce que nous avons fait", "body_fr": "Tout est sur la **carte**.",
    })
    assert response.status_code == 302
    form = client.get(REPORT_PATH.format(id=process.id)).get_data(as_text=True)
    assert 'value="Ce que nous avons fait"' in form and "Tout est sur la **carte**." in form
    client.post(REPORT_PATH.format(id=process.id) + "/publiceren")
    client.post("/uitloggen")

    french = client.get(f"/trajecten/{process.slug}/resultaten", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<h2 id="report-title">Ce que nous avons fait</h2>' in french and "<strong>carte</strong>" in french
    english = client.get(f"/trajecten/{process.slug}/resultaten", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<h2 id="report-title" lang="nl">Wat we deden</h2>' in english
    assert '<p class="lang-fallback">Available in Dutch only</p>' in english
