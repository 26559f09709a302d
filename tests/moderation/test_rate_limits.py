"""limit_posting: a shared posting budget per user and per IP address, for every view that uses it."""
from __future__ import annotations

from participation import create_app
from participation.extensions import limiter
from participation.moderation.antiabuse import limit_posting


def test_posting_is_limited_per_address_across_every_form_that_uses_the_limit():
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://", POSTING_RATE_LIMIT="2 per minute",
                     POSTING_IP_RATE_LIMIT="3 per minute")  # no RATELIMIT_KEY_PREFIX: the limiter keeps the first one

    @app.route("/test-post-a", methods=["GET", "POST"])
    @limit_posting
    def post_a():
        return "ok"

    @app.route("/test-post-b", methods=["POST"])
    @limit_posting
    def post_b():
        return "ok"

    client = app.test_client()
    with app.app_context():
        limiter.reset()
    codes = [client.post("/test-post-a").status_code, client.post("/test-post-b").status_code,
             client.post("/test-post-a").status_code]
    assert codes == [200, 200, 429]  # anonymous: the user budget is keyed on the address, 2 per minute
    assert client.get("/test-post-a").status_code == 200  # reading is never limited
    other_address = client.post("/test-post-a", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other_address.status_code == 200
    with app.app_context():
        limiter.reset()
