import pytest

from participation.crowdfunding import structured


def test_check_digits_are_the_number_modulo_97():
    assert structured.check_digits(108068171) == 83
    assert structured.digits_for(108068171) == "010806817183"


def test_a_multiple_of_97_gets_97_as_check_digits_not_zero():
    assert structured.check_digits(97) == 97
    assert structured.check_digits(0) == 97
    assert structured.format_communication(structured.digits_for(97)) == "+++000/0000/09797+++"


def test_formatting_groups_three_four_five_digits():
    assert structured.format_communication("010806817183") == "+++010/8068/17183+++"


@pytest.mark.parametrize("text", ["+++010/8068/17183+++", "010/8068/17183", "***010/8068/17183***", "010806817183", " 010 8068 17183 "])
def test_every_usual_way_of_writing_it_is_understood(text):
    assert structured.parse_communication(text) == "010806817183"


@pytest.mark.parametrize("text", ["+++010/8068/17184+++", "01080681718", "0108068171833", "abc", "", None])
def test_a_wrong_check_digit_or_length_is_refused(text):
    assert structured.parse_communication(text) is None


def test_communications_are_found_inside_a_bank_statement_description():
    text = "OVERSCHRIJVING VAN J. PEETERS MEDEDELING: +++010/8068/17183+++ REF 123456789012"
    assert structured.find_communications(text) == ["010806817183"]


def test_a_number_beyond_ten_digits_cannot_be_encoded():
    with pytest.raises(ValueError):
        structured.digits_for(10**10)


def test_formatting_an_invalid_number_is_refused():
    with pytest.raises(ValueError):
        structured.format_communication("010806817184")
