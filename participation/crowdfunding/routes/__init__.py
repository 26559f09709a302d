"""Crowdfunding pages. Thin: load or 404, check permission or 403, validate the form, call one service.

public.py       the campaign list and page, following, offering help
organiser.py    drafting, rewards and needs, sending to the city, launching, updates
backers.py      pledging, saving a card, withdrawing
stripe_webhook.py  Stripe's events
staff.py        vetting, the city's match and match fund
staff_payments.py  transfers received, refunds, bank statements
"""
from flask_babel import lazy_gettext as _l

from participation.crowdfunding import bp, permissions
from participation.crowdfunding.labels import (
    CAMPAIGN_STATUS_LABELS,
    FUNDING_MODEL_LABELS,
    MATCH_STATUS_LABELS,
    PLEDGE_STATUS_LABELS,
)


@bp.app_context_processor
def crowdfunding_labels() -> dict:
    return {
        "campaign_status_labels": CAMPAIGN_STATUS_LABELS,
        "pledge_status_labels": PLEDGE_STATUS_LABELS,
        "funding_model_labels": FUNDING_MODEL_LABELS,
        "match_status_labels": MATCH_STATUS_LABELS,
        "cf_permissions": permissions,
        # The main menu link: its text lives in this feature's catalogue, not the core one.
        "crowdfunding_nav_label": _l("Crowdfunding"),
    }

from participation.crowdfunding.routes import backers, organiser, public, staff, staff_payments, stripe_webhook  # noqa: E402,F401
