"""spaCy's English stop words, read without importing spaCy.

``from spacy.lang.en.stop_words import STOP_WORDS`` imports the whole spacy package first, and
with it thinc (and PyTorch, where the GPU extra is installed): three to five seconds before
``storylens --help`` or ``storylens stories`` could print anything, although neither parses a
word. The list is still spaCy's own, read from the installed package's file, so the words the
stages skip are exactly those its pipeline marks ``is_stop``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from storylens.errors import ModelError


def _spacy_stop_words() -> frozenset[str]:
    spacy = importlib.util.find_spec("spacy")  # locates the package without importing it
    if spacy is None or not spacy.submodule_search_locations:
        raise ModelError("spaCy is not installed; reinstall storylens")
    path = Path(next(iter(spacy.submodule_search_locations))) / "lang" / "en" / "stop_words.py"
    spec = importlib.util.spec_from_file_location("storylens._spacy_stop_words", path)
    if spec is None or spec.loader is None:
        raise ModelError(f"spaCy's English stop words are missing ({path})")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


STOP_WORDS = _spacy_stop_words()
