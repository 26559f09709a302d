"""Names of the funnel stages in the user's language."""
from flask_babel import lazy_gettext as _l

STAGE_LABELS = {
    "received": _l("Received"),
    "published": _l("Published"),
    "answered": _l("Answered by the city"),
    "accepted": _l("Accepted"),
    "in_progress": _l("In progress"),
    "implemented": _l("Implemented"),
}

STAGE_EXPLANATIONS = {
    "received": _l("Every idea sent in, online or on paper, including ideas that are not public."),
    "published": _l("Ideas everyone can read on this site."),
    "answered": _l("Published ideas with an official response of the city."),
    "accepted": _l("Accepted, selected for the budget vote or funded by crowdfunding, including the ideas that went further."),
    "in_progress": _l("Being carried out, or already carried out."),
    "implemented": _l("Carried out."),
}
