"""The rules of a ballot for each vote method, in plain words, and the check of a filled-in ballot.

No database or request here: `check_choices` takes the round's rules, the projects on the ballot
and the voter's choices ({project id: points}) and raises a BallotRefused saying what is wrong.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

from participation.core.errors import DomainError


class BallotRefused(DomainError):
    pass


@dataclass(frozen=True)
class Rules:
    vote_method: str
    budget_cents: int
    min_spend_cents: int = 0
    min_choices: int = 0
    max_choices: int | None = None
    points_total: int | None = None
    points_per_project: int | None = None

    @classmethod
    def of(cls, round_) -> Rules:
        return cls(round_.vote_method, round_.budget_cents, round_.min_spend_cents, round_.min_choices,
                   round_.max_choices, round_.points_total, round_.points_per_project)


def euros(cents: int) -> str:
    """€1.234.567 or €1.234,50 — the Belgian way of writing amounts."""
    whole, rest = divmod(int(cents), 100)
    text = f"{whole:,}".replace(",", ".")
    return f"€{text}" + (f",{rest:02d}" if rest else "")


def explain(rules: Rules) -> list[str]:
    """The rules as sentences a voter reads before choosing."""
    lines: list[str] = []
    if rules.vote_method == "knapsack":
        lines.append(str(_l("Choose the projects you want, as long as their costs together stay within the budget of %(budget)s.", budget=euros(rules.budget_cents))))
        if rules.min_spend_cents:
            lines.append(str(_l("Your choices must together cost at least %(amount)s.", amount=euros(rules.min_spend_cents))))
    elif rules.vote_method == "approval":
        if rules.max_choices:
            lines.append(str(lazy_ngettext("Choose at least %(min)s and at most %(num)s project you support.", "Choose at least %(min)s and at most %(num)s projects you support.", rules.max_choices, min=rules.min_choices or 1)))
        else:
            lines.append(str(lazy_ngettext("Choose at least %(num)s project you support.", "Choose at least %(num)s projects you support.", rules.min_choices or 1)))
        lines.append(str(_l("The budget of %(budget)s goes to the projects with the most support, as far as it reaches.", budget=euros(rules.budget_cents))))
    else:
        lines.append(str(lazy_ngettext("You have %(num)s point. Give points to the projects you find most important.", "You have %(num)s points. Give points to the projects you find most important.", rules.points_total or 0)))
        if rules.points_per_project:
            lines.append(str(lazy_ngettext("You can give at most %(num)s point to one project. You do not have to use all your points.", "You can give at most %(num)s points to one project. You do not have to use all your points.", rules.points_per_project)))
        lines.append(str(_l("The budget of %(budget)s goes to the projects with the most points, as far as it reaches.", budget=euros(rules.budget_cents))))
    lines.append(str(_l("You can change your ballot until voting closes. Only your last ballot counts.")))
    return lines


def check_choices(rules: Rules, costs: dict[int, int], choices: dict[int, int]) -> None:
    """Refuse a ballot that breaks the round's rules. `costs` lists the projects on this round's ballot."""
    if not choices:
        raise BallotRefused(_l("Your ballot is empty. Choose at least one project."))
    unknown = [pid for pid in choices if pid not in costs]
    if unknown:
        raise BallotRefused(_l("Your ballot contains a project that is not on this ballot. Reload the page and choose again."))
    if rules.vote_method == "cumulative":
        if any(points < 0 for points in choices.values()):
            raise BallotRefused(_l("Points cannot be negative."))
        choices = {pid: points for pid, points in choices.items() if points}
        if not choices:
            raise BallotRefused(_l("Your ballot is empty. Choose at least one project."))
        cap = rules.points_per_project
        if cap and any(points > cap for points in choices.values()):
            raise BallotRefused(lazy_ngettext("You can give at most %(num)s point to one project.", "You can give at most %(num)s points to one project.", cap))
        total = sum(choices.values())
        if rules.points_total and total > rules.points_total:
            raise BallotRefused(lazy_ngettext("You gave %(num)s point but have only %(points)s.", "You gave %(num)s points but have only %(points)s.", total, points=rules.points_total))
        return
    if any(points != 1 for points in choices.values()):
        raise BallotRefused(_l("In this round you choose projects; you cannot give points."))
    count = len(choices)
    if count < max(rules.min_choices, 1):
        raise BallotRefused(lazy_ngettext("Choose at least %(num)d project.", "Choose at least %(num)d projects.", max(rules.min_choices, 1)))
    if rules.max_choices and count > rules.max_choices:
        raise BallotRefused(lazy_ngettext("Choose at most %(num)d project.", "Choose at most %(num)d projects.", rules.max_choices))
    if rules.vote_method == "knapsack":
        spent = sum(costs[pid] for pid in choices)
        if spent > rules.budget_cents:
            raise BallotRefused(_l("Your choices cost %(spent)s, more than the budget of %(budget)s. Remove a project.", spent=euros(spent), budget=euros(rules.budget_cents)))
        if spent < rules.min_spend_cents:
            raise BallotRefused(_l("Your choices cost %(spent)s; spend at least %(amount)s.", spent=euros(spent), amount=euros(rules.min_spend_cents)))


def meter(rules: Rules, costs: dict[int, int], choices: dict[int, int]) -> dict:
    """What the budget meter shows for these choices (unknown projects ignored)."""
    known = {pid: pts for pid, pts in choices.items() if pid in costs and pts > 0}
    if rules.vote_method == "cumulative":
        used = sum(known.values())
        total = rules.points_total or 0
        return {"kind": "points", "used": used, "total": total, "left": total - used,
                "percent": min(100, round(100 * used / total)) if total else 0, "over": used > total}
    spent = sum(costs[pid] for pid in known)
    return {"kind": "money", "used": spent, "total": rules.budget_cents, "left": rules.budget_cents - spent,
            "percent": min(100, round(100 * spent / rules.budget_cents)), "over": spent > rules.budget_cents,
            "count": len(known)}
