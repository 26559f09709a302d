"""``flask crowdfunding ...`` commands."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from participation.core.jobs import commit_and_release
from participation.core.models import utcnow
from participation.crowdfunding import closing
from participation.crowdfunding.stripe_gateway import card_payments_enabled, get_gateway

crowdfunding_cli = AppGroup("crowdfunding", help="Civic crowdfunding: close campaigns and charge pledges.")


@crowdfunding_cli.command("close-due")
def close_due_command() -> None:
    """Close campaigns whose deadline passed, charge saved cards, retry card pledges Stripe could not be asked about. Safe to run every minute."""
    gateway = get_gateway() if card_payments_enabled() else None
    report = closing.close_due_campaigns(utcnow(), gateway=gateway, checkpoint=commit_and_release)
    commit_and_release()
    click.echo(
        f"succeeded {len(report.succeeded)}, failed {len(report.failed)}, charged {len(report.charged)}, "
        f"action required {len(report.action_required)}, retry later {len(report.retry_later)}, expired {len(report.expired)}, "
        f"cards synced {len(report.synced)}"
    )
