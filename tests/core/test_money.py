"""One strict parser for every money field: what people type becomes cents, anything else a message."""
from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from participation.core.forms import EuroField
from participation.core.money import MAX_CENTS, AmountProblem, parse_euros, typed_euros


@pytest.mark.parametrize("typed, cents", [("25", 2500), ("25,50", 2550), ("€ 1.250,00", 125000), ("1250.5", 125050),
                                          ("1,250.00", 125000), ("21.474.836,47", MAX_CENTS)])
def test_amounts_as_people_type_them(typed, cents):
    assert parse_euros(typed) == cents


@pytest.mark.parametrize("typed, problem", [("1e400", "not_a_number"), ("Infinity", "not_a_number"), ("NaN", "not_a_number"),
                                            ("99999999999999999999", "too_large"), ("21.474.836,48", "too_large"),
                                            ("1" * 5000, "too_large"), ("-5", "not_positive"), ("0", "not_positive"),
                                            ("2,555", "too_precise"), ("", "empty"), ("twaalf", "not_a_number")])
def test_anything_else_says_what_is_wrong(typed, problem):
    with pytest.raises(AmountProblem) as refused:
        parse_euros(typed)
    assert refused.value.code == problem


def test_zero_is_an_amount_where_the_field_allows_it():
    assert parse_euros("0", minimum_cents=0) == 0
    with pytest.raises(AmountProblem):
        parse_euros("-0,01", minimum_cents=0)


def test_cents_are_written_back_as_people_type_them():
    assert [typed_euros(c) for c in (2500, 2550, 125005)] == ["25", "25,50", "1250,05"]


def test_a_euro_field_gives_cents_and_keeps_what_was_typed_when_it_is_refused(app):
    from flask_wtf import FlaskForm

    class CostForm(FlaskForm):
        cost = EuroField("Cost", minimum_cents=0)

    with app.test_request_context(headers={"Accept-Language": "nl"}):
        good = CostForm(MultiDict({"cost": "1.250,50"}), meta={"csrf": False})
        assert good.validate() and good.cost.data == 125050
        bad = CostForm(MultiDict({"cost": "1e400"}), meta={"csrf": False})
        assert not bad.validate()
        assert bad.cost.data is None
        assert bad.cost.errors == ["Vul een bedrag in euro in als getal, bijvoorbeeld 25 of 12,50."]
        assert 'value="1e400"' in bad.cost()
        shown = CostForm(data={"cost": 125050}, meta={"csrf": False})
        assert 'value="1250,50"' in shown.cost()
