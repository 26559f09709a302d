"""How long each kind of personal data is kept: one list read from the configuration (PRIVACY_*), used by
the privacy page and by the purge job, so what the page promises is what the code does."""
from __future__ import annotations

from typing import NamedTuple

from flask import current_app
from flask_babel import lazy_gettext as _l, ngettext

DAYS, MONTHS, YEARS = "days", "months", "years"


class Retention(NamedTuple):
    kind: object  # a lazy label
    number: int
    unit: str  # DAYS, MONTHS or YEARS
    setting: str  # the configuration key it comes from


_PERIODS = (
    (_l("Accounts whose email address was never confirmed"), "PRIVACY_UNVERIFIED_ACCOUNT_DAYS", DAYS),
    (_l("Copies of the emails we sent you"), "PRIVACY_OUTBOX_DAYS", DAYS),
    (_l("Your sign-in history (devices and times)"), "PRIVACY_SIGN_IN_HISTORY_MONTHS", MONTHS),
    (_l("Downloads of your data that you asked for"), "PRIVACY_EXPORT_DAYS", DAYS),
    (_l("Accounts not used any more (after the last sign-in)"), "PRIVACY_INACTIVE_ACCOUNT_YEARS", YEARS),
)


def periods() -> list[Retention]:
    config = current_app.config
    return [Retention(kind, int(config[setting]), unit, setting) for kind, setting, unit in _PERIODS]


def duration_text(number: int, unit: str) -> str:
    """'30 days', '12 months', '3 years' in the current language."""
    if unit == DAYS:
        return ngettext("%(num)d day", "%(num)d days", number)
    if unit == MONTHS:
        return ngettext("%(num)d month", "%(num)d months", number)
    return ngettext("%(num)d year", "%(num)d years", number)
