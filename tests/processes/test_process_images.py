"""A process can carry an image; it needs a description for people who cannot see it."""
from io import BytesIO

from PIL import Image
from sqlalchemy import select

from participation.extensions import db
from participation.processes.models import Process
from tests.processes.test_processes import process_form


def png() -> BytesIO:
    buffer = BytesIO()
    Image.new("RGB", (40, 30), (0, 120, 60)).save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def test_staff_add_an_image_with_a_description(client, make_user, login):
    login(make_user("staff"))
    data = process_form(image_alt="Luchtfoto van de Dampoort")
    data["image"] = (png(), "dampoort.png")
    response = client.post("/beheer/trajecten/nieuw", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    process = db.session.scalar(select(Process))
    assert process.image_filename.endswith(".png") and process.image_alt == "Luchtfoto van de Dampoort"
    assert client.get(f"/media/{process.image_filename}").status_code == 200


def test_an_image_without_description_is_refused_and_nothing_is_saved(client, make_user, login):
    login(make_user("staff"))
    data = process_form()
    data["image"] = (png(), "dampoort.png")
    response = client.post("/beheer/trajecten/nieuw", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert db.session.scalar(select(Process)) is None
    assert 'value="Pleinen in de Dampoort"' in response.get_data(as_text=True)


def test_a_file_that_is_not_an_image_is_refused(client, make_user, login):
    login(make_user("staff"))
    data = process_form(image_alt="x")
    data["image"] = (BytesIO(b"MZ\x90\x00 not an image"), "virus.png")
    response = client.post("/beheer/trajecten/nieuw", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert db.session.scalar(select(Process)) is None


def test_media_paths_cannot_escape_the_upload_folder(client):
    assert client.get("/media/../config.py").status_code == 404


ALT_WITHOUT_IMAGE = "Je beschreef een afbeelding, maar koos er geen."


def test_a_title_that_is_too_long_is_refused_with_its_count_and_kept(client, make_user, login):
    login(make_user("staff"))
    response = client.post("/beheer/trajecten/nieuw", data=process_form(title="Pleinen " + "p" * 160))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Hoogstens 160 tekens; je typte er 168." in page
    assert 'value="Pleinen ' + "p" * 160 + '"' in page  # all of it, not cut
    assert db.session.scalar(select(Process)) is None


def test_a_description_without_an_image_is_refused_and_the_rest_is_kept(client, make_user, login):
    login(make_user("staff"))
    response = client.post("/beheer/trajecten/nieuw", data=process_form(image_alt="Luchtfoto van de Dampoort"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert ALT_WITHOUT_IMAGE in page
    assert 'value="Luchtfoto van de Dampoort"' in page and 'value="Pleinen in de Dampoort"' in page
    assert db.session.scalar(select(Process)) is None


def test_a_new_description_of_the_current_image_needs_no_new_upload(client, make_user, login):
    login(make_user("staff"))
    data = process_form(image_alt="Luchtfoto van de Dampoort")
    data["image"] = (png(), "dampoort.png")
    client.post("/beheer/trajecten/nieuw", data=data, content_type="multipart/form-data")
    process = db.session.scalar(select(Process))
    filename = process.image_filename
    response = client.post(f"/beheer/trajecten/{process.id}", data=process_form(image_alt="De Dampoort vanuit de lucht, met de twee pleinen"))
    assert response.status_code == 302
    db.session.refresh(process)
    assert (process.image_filename, process.image_alt) == (filename, "De Dampoort vanuit de lucht, met de twee pleinen")


def test_removing_the_image_ignores_its_description(client, make_user, login):
    login(make_user("staff"))
    data = process_form(image_alt="Luchtfoto van de Dampoort")
    data["image"] = (png(), "dampoort.png")
    client.post("/beheer/trajecten/nieuw", data=data, content_type="multipart/form-data")
    process = db.session.scalar(select(Process))
    response = client.post(f"/beheer/trajecten/{process.id}", data=process_form(image_alt="Luchtfoto van de Dampoort", remove_image="y"))
    assert response.status_code == 302
    db.session.refresh(process)
    assert (process.image_filename, process.image_alt) == (None, None)
