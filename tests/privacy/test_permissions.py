"""Every privacy URL against every kind of visitor."""
import pytest

from participation.privacy import retention

# (method, url): status for anonymous, citizen, moderator, staff, admin ("login" = to the login page)
MATRIX = [
    ("GET", "/privacy", (200, 200, 200, 200, 200)),
    ("GET", "/privacy/aanvaarden", ("login", 200, 200, 200, 200)),
    ("GET", "/beheer/privacy", ("login", 403, 403, 403, 200)),
    ("POST", "/beheer/privacy", ("login", 403, 403, 403, 422)),
]
ROLES = (None, "citizen", "moderator", "staff", "admin")


@pytest.mark.parametrize("method,url,expected", MATRIX)
@pytest.mark.parametrize("position", range(len(ROLES)), ids=[role or "anonymous" for role in ROLES])
def test_each_privacy_url_answers_each_visitor_as_its_rule_says(client, make_user, login, method, url, expected, position):
    role = ROLES[position]
    if role:
        login(make_user(role))
    response = client.open(url, method=method, data={})
    if expected[position] == "login":
        assert response.status_code == 302 and "/inloggen" in response.headers["Location"]
    else:
        assert response.status_code == expected[position]


def test_the_retention_list_reads_the_configuration(app):
    with app.test_request_context():
        periods = {period.setting: (period.number, period.unit) for period in retention.periods()}
        assert periods == {
            "PRIVACY_UNVERIFIED_ACCOUNT_DAYS": (30, "days"),
            "PRIVACY_OUTBOX_DAYS": (90, "days"),
            "PRIVACY_SIGN_IN_HISTORY_MONTHS": (12, "months"),
            "PRIVACY_EXPORT_DAYS": (7, "days"),
            "PRIVACY_INACTIVE_ACCOUNT_YEARS": (3, "years"),
        }
