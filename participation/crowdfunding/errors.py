"""The refusals of crowdfunding. Services raise them, routes show them next to the field they name.

They sit below every service module, so a service can raise another's refusal without importing it."""
from __future__ import annotations

from participation.core.errors import DomainError


class InvalidCampaign(DomainError):
    pass


class InvalidTransition(DomainError):
    pass


class InvalidPledge(DomainError):
    pass


class CampaignNotOpen(DomainError):
    pass


class InvalidPledgeTransition(DomainError):
    pass
