"""`make demo` with two municipalities: `flask demo` registers, migrates and seeds Gent and Oudsbergen."""
from __future__ import annotations

from sqlalchemy import func, select

from participation import create_app
from participation.core import municipalities
from participation.extensions import db


def test_flask_demo_serves_gent_on_127_0_0_1_and_oudsbergen_on_localhost(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'stadslab.sqlite'}",
                     MUNICIPALITIES_DATABASE_URL=f"sqlite:///{tmp_path / 'municipalities.sqlite'}",
                     SERVER_NAME=None, UPLOAD_FOLDER=str(tmp_path / "uploads"))
    app.instance_path = str(tmp_path)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "Gent — http://127.0.0.1:5000" in first.output and "Oudsbergen — http://localhost:5000" in first.output
    assert "admin@oudsbergen.demo.stadslab.be" in first.output and "Letter codes" in first.output
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0, again.output
    from participation.processes.models import Process

    registry = app.extensions["municipalities"]
    counts = {}
    for municipality in registry.all():
        with app.app_context(), municipalities.using(municipality):
            counts[municipality.slug] = db.session.scalar(select(func.count(Process.id)))
    assert counts["gent"] >= 8 and 2 <= counts["oudsbergen"] <= 4
    client = app.test_client()
    gent = client.get("/trajecten", base_url="http://127.0.0.1:5000").get_data(as_text=True)
    oudsbergen = client.get("/trajecten", base_url="http://localhost:5000").get_data(as_text=True)
    assert "Burgerbegroting 2027" in gent and "Dorpskernen Meeuwen" not in gent
    assert "Dorpskernen Meeuwen" in oudsbergen and "Burgerbegroting" not in oudsbergen
    maps = client.get("/ideeen", base_url="http://localhost:5000").get_data(as_text=True)
    assert 'data-center="51.0796,5.5917"' in maps and 'data-zoom="12"' in maps  # Oudsbergen's map, not Ghent's
    app.extensions["municipal_engines"].dispose()
