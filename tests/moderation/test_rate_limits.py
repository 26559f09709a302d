"""limit_posting: a shared posting budget per user and per IP address, for every view that uses it.
Only accepted posts count; a post over the limit is refused with its form kept."""
from __future__ import annotations

from flask import redirect

from participation import create_app
from participation.core.ratelimits import TooManyAttempts, refuse_when_over_limit
from participation.extensions import limiter
from participation.moderation.antiabuse import limit_posting


def test_posting_is_limited_per_address_across_every_form_that_uses_the_limit():
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://", POSTING_RATE_LIMIT="2 per minute",
                     POSTING_IP_RATE_LIMIT="3 per minute")

    def accept():
        try:
            refuse_when_over_limit()
        except TooManyAttempts as error:
            return str(error), 422
        return redirect("/done")

    app.add_url_rule("/test-post-a", "post_a", limit_posting(accept), methods=["GET", "POST"])
    app.add_url_rule("/test-post-b", "post_b", limit_posting(accept), methods=["POST"])

    client = app.test_client()
    with app.app_context():
        limiter.reset()
    codes = [client.post("/test-post-a").status_code, client.post("/test-post-b").status_code,
             client.post("/test-post-a").status_code]
    assert codes == [302, 302, 429]  # anonymous: the user budget is keyed on the address, 2 per minute
    assert client.get("/test-post-a").status_code == 302  # reading is never limited
    other_address = client.post("/test-post-a", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other_address.status_code == 302
    with app.app_context():
        limiter.reset()
