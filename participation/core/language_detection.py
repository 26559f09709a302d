"""Which language a resident wrote in, recognised on this server (py3langid), no external service. No Flask.

Citizen content is not translated: it is shown in the language it was written in and marked with its
`lang`, so screen readers read it with the right voice and readers can filter on it. The model is
loaded once per process, on first use (it takes about two seconds), and then answers in well under a
millisecond. Short texts ("Speeltuin", "ok") say too little: below MIN_CONFIDENCE the caller falls back
to what it knows (the author's language), and the author can always correct it.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Iterable

MIN_CONFIDENCE = 0.9
MIN_LETTERS = 12

_lock = threading.Lock()
_identifiers: dict[tuple[str, ...], object] = {}
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


def _identifier(languages: tuple[str, ...]):
    with _lock:
        if languages not in _identifiers:
            from py3langid.langid import LanguageIdentifier, MODEL_FILE

            identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            identifier.set_languages(list(languages))
            _identifiers[languages] = identifier
        return _identifiers[languages]


def detect_language(text: str | None, languages: Iterable[str]) -> str | None:
    """One of `languages` when the text clearly is in it, else None (too short, mixed, or another language)."""
    offered = tuple(sorted(set(languages)))
    if not text or len(offered) < 2 or len(_LETTERS.findall(text)) < MIN_LETTERS:
        return offered[0] if len(offered) == 1 and text else None
    language, confidence = _identifier(offered).classify(text)
    return language if confidence >= MIN_CONFIDENCE else None
