"""Issue 17 through the idea pages: too much text, or an image description without an image, comes back
with a message next to the field and everything typed still in the form; nothing is saved or cut."""
from __future__ import annotations

import io

from sqlalchemy import func, select

from participation.extensions import db
from participation.ideas.models import Comment, Idea, IdeaImage
from tests.ideas.conftest import image_bytes

ALT_WITHOUT_IMAGE = "Je beschreef een afbeelding, maar koos er geen. Kies de afbeelding, of laat de beschrijving leeg."


def _form(**overrides):
    data = {"title": "Meer bomen op het Sint-Pietersplein", "description": "Schaduw in de zomer.", "theme_id": "0", "district_id": "0", "submit": "1"}
    data.update(overrides)
    return data


def _count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def test_a_title_that_is_too_long_is_refused_with_its_count_and_kept_whole(client, make_process, make_user, login):
    process = make_process()
    login(make_user())
    title = "Bomen op het plein " + "b" * 120
    response = client.post(f"/trajecten/{process.slug}/ideeen/nieuw", data=_form(title=title, description="Mijn zorgvuldige tekst"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f"Hoogstens 120 tekens; je typte er {len(title)}." in page
    assert f'value="{title}"' in page and "Mijn zorgvuldige tekst" in page
    assert _count(Idea) == 0


def test_the_idea_form_shows_the_limits_without_maxlength(client, make_process, make_user, login):
    process = make_process()
    login(make_user())
    page = client.get(f"/trajecten/{process.slug}/ideeen/nieuw").get_data(as_text=True)
    assert "maxlength" not in page
    assert 'data-max-length="120"' in page and "Hoogstens 120 tekens." in page
    assert "/static/js/counter.js" in page


def test_a_reaction_that_is_too_long_is_refused_with_its_count_and_kept(client, make_idea, make_user, login):
    idea = make_idea()
    login(make_user())
    body = "Een lange reactie. " * 106  # 2014 characters, 2013 once the last space is trimmed
    response = client.post(f"/ideeen/{idea.id}/reacties", data={"body": body})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Hoogstens 2000 tekens; je typte er 2013." in page
    assert body.strip() in page
    assert _count(Comment) == 0


def test_a_reply_that_is_too_long_is_refused_and_kept_in_the_reply_box(client, make_idea, make_user, login):
    idea = make_idea()
    login(make_user())
    client.post(f"/ideeen/{idea.id}/reacties", data={"body": "Goed plan"})
    first = db.session.scalar(select(Comment))
    body = "r" * 2_001
    response = client.post(f"/ideeen/{idea.id}/reacties", data={"body": body, "parent_id": str(first.id)})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Hoogstens 2000 tekens; je typte er 2001." in page
    assert f'id="reply-{first.id}"' in page and body in page
    assert f'aria-describedby="reply-{first.id}-limit reply-{first.id}-error"' in page
    assert "maxlength" not in page
    assert _count(Comment) == 1


def test_an_image_description_without_an_image_is_refused_and_everything_is_kept(client, make_process, make_user, login):
    process = make_process()
    login(make_user())
    response = client.post(
        f"/trajecten/{process.slug}/ideeen/nieuw", data=_form(image_2_alt="Het lege plein bij avond"), content_type="multipart/form-data",
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert ALT_WITHOUT_IMAGE in page
    assert 'value="Het lege plein bij avond"' in page and 'value="Meer bomen op het Sint-Pietersplein"' in page
    assert 'id="image_2_alt"' in page and 'aria-invalid="true"' in page
    assert _count(Idea) == 0


def test_an_image_with_its_description_in_another_slot_still_needs_that_slot_s_file(client, make_process, make_user, login, upload_folder):
    process = make_process()
    login(make_user())
    data = _form(image_1=(io.BytesIO(image_bytes()), "foto.jpg"), image_1_alt="Het lege plein", image_3_alt="Een tweede foto")
    response = client.post(f"/trajecten/{process.slug}/ideeen/nieuw", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert ALT_WITHOUT_IMAGE in response.get_data(as_text=True)
    assert _count(Idea) == 0 and db.session.scalar(select(func.count(IdeaImage.id))) == 0


def test_editing_an_idea_with_a_description_but_no_new_image_is_refused(client, make_idea, make_user, login, upload_folder):
    author = make_user()
    idea = make_idea(author=author)
    login(author)
    response = client.post(f"/ideeen/{idea.id}/bewerken", data=_form(title="Nieuwe titel", image_1_alt="Een foto"), content_type="multipart/form-data")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert ALT_WITHOUT_IMAGE in page and 'value="Nieuwe titel"' in page
    db.session.refresh(idea)
    assert idea.title != "Nieuwe titel"
