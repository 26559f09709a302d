"""The staff list of bank transfers to pay back (received for failed all-or-nothing or cancelled
campaigns) and recording, once, that one was paid back."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.crowdfunding import closing, dates, iban, services, structured
from participation.crowdfunding.models import PledgeTransaction
from participation.crowdfunding.payments import bank_transfers, pledges, refunds
from participation.extensions import db

PAYER_IBAN = "BE71 0961 2345 6769"


def received(campaign, backer, staff, amount="40"):
    pledge = pledges.record_pledge(campaign, backer, amount=amount, method="bank_transfer")
    bank_transfers.mark_transfer_received(pledge, staff)
    return pledge


def close(campaign):
    closing.close_due_campaigns(dates.as_utc(campaign.deadline_at) + timedelta(minutes=1))


def test_only_transfers_received_for_campaigns_that_will_not_use_them_are_due(make_campaign, make_user):
    staff = make_user("staff")
    failed = make_campaign("live", goal="1000", title="Mislukt")
    owed_failed = received(failed, make_user(), staff)
    waiting = pledges.record_pledge(failed, make_user(), amount="10", method="bank_transfer")
    cancelled = make_campaign("live", title="Geannuleerd")
    owed_cancelled = received(cancelled, make_user(), staff)
    kept = make_campaign("live", goal="1000", funding_model="keep_it_all", title="Alles houden")
    received(kept, make_user(), staff)  # keep it all: the project keeps it
    running = make_campaign("live", title="Loopt nog", days=60)
    received(running, make_user(), staff)
    funded = make_campaign("live", goal="100", title="Gelukt")
    received(funded, make_user(), staff, amount="100")
    services.cancel_campaign(cancelled, staff, "Geen vergunning.")
    close(failed)  # closes the three that ran 30 days; the 60-day one keeps running
    assert (failed.status, kept.status, funded.status, running.status) == ("failed", "failed", "succeeded", "live")
    assert waiting.status == "cancelled"
    assert {p.id for p in refunds.refunds_due()} == {owed_failed.id, owed_cancelled.id}


def test_the_payers_account_is_taken_from_the_bank_statement_but_never_the_citys_own(app, make_campaign, make_user):
    staff = make_user("staff")
    campaign = make_campaign("live")
    first = pledges.record_pledge(campaign, make_user(), amount="25", method="bank_transfer")
    second = pledges.record_pledge(campaign, make_user(), amount="30", method="bank_transfer")
    own = app.config["CROWDFUNDING_IBAN"]
    statement = (
        "rekening;datum;bedrag;tegenrekening;mededeling\n"
        f"{own};2026-11-20;25,00;{PAYER_IBAN};{structured.format_communication(first.structured_reference)}\n"
        f"{own};2026-11-20;30,00;;{structured.format_communication(second.structured_reference)}\n"
    )
    bank_transfers.import_bank_statement(statement, staff)
    assert (first.payer_iban, second.payer_iban) == (PAYER_IBAN, None)


@pytest.mark.parametrize("text,found", [
    ("BE71096123456769", "BE71 0961 2345 6769"), ("van be71 0961 2345 6769 (J. Peeters)", "BE71 0961 2345 6769"),
    ("BE71 0961 2345 6768", None), ("+++010/8068/17183+++", None), ("", None),
])
def test_ibans_are_recognised_only_with_valid_check_digits(text, found):
    assert iban.find_iban(text) == found


@pytest.fixture
def owed(make_campaign, make_user):
    staff = make_user("staff")
    campaign = make_campaign("live", title="Speelplein")
    backer = make_user(name="Tom Peeters", language="en")
    pledge = received(campaign, backer, staff, amount="40")
    pledge.payer_iban = PAYER_IBAN
    services.cancel_campaign(campaign, staff, "Geen vergunning.")
    db.session.commit()
    return pledge


def test_staff_see_what_to_pay_back_and_to_whom(client, login, make_user, owed):
    login(make_user("staff"))
    page = client.get("/beheer/crowdfunding/terugbetalingen").get_data(as_text=True)
    assert "Tom Peeters" in page and owed.backer.email in page
    assert "€ 40,00" in page
    assert structured.format_communication(owed.structured_reference) in page
    assert PAYER_IBAN in page


def test_marking_a_transfer_refunded_needs_a_reason_keeps_what_was_typed_and_happens_once(client, login, make_user, owed, outbox):
    staff = make_user("staff", language="en")
    login(staff)
    url = f"/beheer/crowdfunding/terugbetalingen/{owed.id}"
    response = client.post(url, data={f"refund{owed.id}-reason": "   "})
    assert response.status_code == 422
    assert "Give a reason for the refund." in response.get_data(as_text=True)
    db.session.refresh(owed)
    assert owed.status == "received"

    assert client.post(url, data={f"refund{owed.id}-reason": "Teruggestort op 24/11"}).status_code == 302
    db.session.refresh(owed)
    assert owed.status == "refunded"
    row = owed.transactions[-1]
    assert (row.kind, row.actor_id, row.note, row.amount_cents) == ("refunded", staff.id, "Teruggestort op 24/11", -4000)
    assert "Teruggestort op 24/11" in outbox(owed.backer.email)[-1].text_body

    again = client.post(url, data={f"refund{owed.id}-reason": "nog eens"}, follow_redirects=True)
    assert "This pledge was already refunded." in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count(PledgeTransaction.id)).where(
        PledgeTransaction.pledge_id == owed.id, PledgeTransaction.kind == "refunded")) == 1
    assert "No transfers to pay back." in client.get("/beheer/crowdfunding/terugbetalingen").get_data(as_text=True)


@pytest.mark.parametrize("role", ["citizen", "moderator"])
def test_the_refunds_page_is_for_staff_only(client, login, make_user, owed, role):
    login(make_user(role))
    assert client.get("/beheer/crowdfunding/terugbetalingen").status_code == 403
    assert client.post(f"/beheer/crowdfunding/terugbetalingen/{owed.id}", data={f"refund{owed.id}-reason": "x"}).status_code == 403
    db.session.refresh(owed)
    assert owed.status == "received"


def test_a_refund_reason_that_is_too_long_comes_back_with_its_count_and_the_text(client, login, make_user, owed):
    login(make_user("staff"))
    reason = "Teruggestort. " + "t" * 1_990  # 2004 characters
    response = client.post(f"/beheer/crowdfunding/terugbetalingen/{owed.id}", data={f"refund{owed.id}-reason": reason})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Hoogstens 2000 tekens; je typte er 2004." in page and reason in page
    db.session.refresh(owed)
    assert owed.status == "received"
