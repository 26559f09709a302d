"""Mail goes through one module: kept in the outbox, delivered by SMTP or logged, by a job after commit."""
import socket
import uuid

import pytest
import redis
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from participation.core import jobs
from participation.extensions import db
from participation.notifications.mail import deliver_message, send_mail
from participation.notifications.models import OutboxMessage


class Collector(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


def queue_welcome(user):
    return send_mail(user.email, "Welkom", "verify_email", kind="test", user=user, link="http://localhost/x")


def test_a_mail_waits_in_the_outbox_until_the_transaction_commits(app, make_user):
    user = make_user()
    message = queue_welcome(user)
    assert message.status == "queued"
    jobs.release_pending_jobs()  # what the request does after its commit
    db.session.refresh(message)
    assert message.status == "logged"  # no SMTP server configured: written to the log


def test_a_rolled_back_request_sends_nothing(app, make_user):
    user = make_user()
    queue_welcome(user)
    jobs.discard_pending_jobs()
    assert db.session.info.get("jobs_after_commit") is None


def test_with_a_mail_server_the_message_is_delivered_by_smtp(app, make_user, smtp_server):
    controller, handler = smtp_server
    user = make_user(email="smtp@example.be", name="Mieke")
    message = queue_welcome(user)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    try:
        deliver_message(message.id)
        deliver_message(message.id)  # a job that runs twice must not mail twice
    finally:
        app.config.update(MAIL_SERVER=None, MAIL_PORT=25)
    assert message.status == "sent"
    assert len(handler.messages) == 1
    assert handler.messages[0]["To"] == "smtp@example.be"
    assert "Mieke" in handler.messages[0].get_payload()


def test_an_unreachable_mail_server_marks_the_message_failed_instead_of_crashing(app, make_user):
    user = make_user()
    message = queue_welcome(user)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    try:
        deliver_message(message.id)
    finally:
        app.config.update(MAIL_SERVER=None, MAIL_PORT=25)
    assert message.status == "failed" and message.error


def test_with_redis_the_job_goes_to_an_rq_queue(app, make_user):
    from rq import Queue

    url = "redis://127.0.0.1:6379/13"
    connection = redis.Redis.from_url(url)
    name = f"stadslab-test-{uuid.uuid4().hex}"  # unique: other test runs may share this Redis
    user = make_user()
    queue_welcome(user)
    app.config.update(REDIS_URL=url, JOBS_QUEUE=name)
    try:
        jobs.release_pending_jobs()
    finally:
        app.config.update(REDIS_URL=None)
    queue = Queue(name, connection=connection)
    queued = queue.jobs
    assert len(queued) == 1
    assert queued[0].func_name == "participation.core.jobs.run_job"
    assert queued[0].args[0] == "participation.notifications.mail:deliver_message"
    queue.delete(delete_jobs=True)


def test_an_rq_worker_process_delivers_the_queued_mail(tmp_path):
    """End to end: the app enqueues on Redis, a separate `rq worker` process runs the job against the database."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from flask_migrate import upgrade

    from participation import create_app
    from participation.accounts.services import create_user

    from rq import Queue

    url = "redis://127.0.0.1:6379/12"
    connection = redis.Redis.from_url(url)
    name = f"stadslab-e2e-{uuid.uuid4().hex}"
    database = f"sqlite:///{tmp_path / 'worker.sqlite'}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database, REDIS_URL=url, JOBS_QUEUE=name)
    original_session = db.session
    with app.app_context():
        # This test runs outside the per-test transaction: it needs committed rows another process can read.
        db.session = db._make_scoped_session({})
        try:
            upgrade()
            user = create_user("worker@example.be", "Wout", "een sterk wachtwoord hier")
            message = queue_welcome(user)
            message_id = message.id
            jobs.commit_and_release()
        finally:
            db.session.remove()
            db.session = original_session
    environment = dict(os.environ, DATABASE_URL=database, APP_CONFIG="default", INSTANCE_PATH=str(tmp_path))
    rq = Path(sys.executable).with_name("rq")
    finished = subprocess.run(
        [str(rq), "worker", name, "--burst", "--url", url],
        env=environment, capture_output=True, text=True, timeout=120,
    )
    assert finished.returncode == 0, finished.stderr
    import sqlite3

    with sqlite3.connect(tmp_path / "worker.sqlite") as check:
        status = check.execute("SELECT status FROM outbox_messages WHERE id = ?", (message_id,)).fetchone()[0]
    assert status == "logged"
    Queue(name, connection=connection).delete(delete_jobs=True)
