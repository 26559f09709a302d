import pytest

from participation.municipality import services
from participation.municipality.colours import contrast_ratio
from participation.municipality.logos import svg_problem
from participation.municipality.profile import current_profile
from participation.municipality.services import ProfileProblem, ProfileValues


@pytest.mark.parametrize("colour, ratio", [("#767676", 4.54), ("#000000", 21.0), ("#ffffff", 1.0), ("#777777", 4.48)])
def test_contrast_with_white_matches_known_ratios(colour, ratio):
    assert contrast_ratio(colour, "#ffffff") == pytest.approx(ratio, abs=0.01)


def test_a_colour_too_light_for_white_text_is_refused_with_its_ratio(app):
    with pytest.raises(ProfileProblem) as refused:
        services.save_profile(ProfileValues(short_name="Oudsbergen", primary_colour="#777777"))
    assert refused.value.field == "primary_colour"
    assert "4.47" in str(refused.value)


@pytest.mark.parametrize("values, field", [
    (dict(timezone="Europe/Gent"), "timezone"),
    (dict(languages=[]), "languages"),
    (dict(languages=["fr"], default_language="nl"), "default_language"),
    (dict(secondary_colour="blue"), "secondary_colour"),
])
def test_bad_values_are_refused_on_their_field(app, values, field):
    with pytest.raises(ProfileProblem) as refused:
        services.save_profile(ProfileValues(short_name="Oudsbergen", **values))
    assert refused.value.field == field


def test_without_a_profile_the_configuration_is_used(app):
    profile = current_profile()
    assert profile.short_name == app.config["CITY_NAME"]
    assert profile.timezone == "Europe/Brussels"
    assert profile.languages == tuple(app.config["LANGUAGES"])


def test_a_saved_profile_is_read_back(app):
    services.save_profile(ProfileValues(short_name="Oudsbergen", official_name_nl="Gemeente Oudsbergen",
                                        primary_colour="#1A5C9E", languages=["nl", "en"], default_language="nl"))
    from participation.municipality.profile import build, stored_row

    profile = build(stored_row(), app.config)
    assert profile.short_name == "Oudsbergen"
    assert profile.primary_colour == "#1a5c9e"
    assert profile.languages == ("nl", "en")
    assert profile.official_name("fr") == "Gemeente Oudsbergen"


@pytest.mark.parametrize("svg", [
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><image x:href="https://evil.example/a.png"/></svg>',
    b'<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
])
def test_an_svg_that_could_run_or_fetch_anything_is_refused(svg):
    assert svg_problem(svg) is not None


def test_a_plain_svg_is_accepted():
    assert svg_problem(b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#1a5c9e"/></svg>') is None
