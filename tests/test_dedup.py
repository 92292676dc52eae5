"""Near-duplicates: wire copies and refetches are caught, different reports of one event are not."""

from __future__ import annotations

from storylens.config import DedupSettings
from storylens.dedup import CopyIndex, signature, signature_from_bytes, signature_to_bytes

WIRE = (
    "PORT VEYRA - The Ossel Bridge collapsed late on Thursday as floodwater tore at its piers, "
    "sending a city bus and several cars into the river. Rescue crews worked through the night "
    "and pulled 31 people from the water, the city's emergency service said. Mayor Teodor Vask "
    "said the city would not rest until every family had answers. The bridge, opened in 1971, "
    "carried some 20,000 vehicles a day across the river."
)
REWRITE = WIRE.replace(
    "PORT VEYRA - The Ossel Bridge collapsed late on Thursday",
    "The Ossel Bridge in Port Veyra fell into the river late on Thursday",
)
OTHER_REPORT = (
    "Twelve people died when a bridge over the flooded Ossel gave way on Thursday evening, "
    "officials in Port Veyra said on Friday. Divers were searching the river for four people "
    "still missing, and engineers said corrosion had been reported two years ago."
)


def test_rewritten_first_sentence_is_a_copy_of_the_original() -> None:
    settings = DedupSettings()
    index = CopyIndex(settings)
    index.add("wire", signature(WIRE, settings))
    found = index.find_original(signature(REWRITE, settings))
    assert found is not None
    assert found[0] == "wire"
    assert found[1] >= settings.threshold


def test_another_outlets_report_of_the_same_event_is_not_a_copy() -> None:
    settings = DedupSettings()
    index = CopyIndex(settings)
    index.add("wire", signature(WIRE, settings))
    assert index.find_original(signature(OTHER_REPORT, settings)) is None


def test_a_copy_of_two_originals_points_at_the_earliest() -> None:
    settings = DedupSettings()
    index = CopyIndex(settings)
    index.add("first", signature(WIRE, settings))
    index.add("second", signature(WIRE + " Updated.", settings))
    found = index.find_original(signature(WIRE, settings))
    assert found is not None and found[0] == "first"


def test_signature_survives_storage() -> None:
    settings = DedupSettings()
    sig = signature(WIRE, settings)
    restored = signature_from_bytes(signature_to_bytes(sig))
    assert restored.jaccard(sig) == 1.0
    assert restored.jaccard(signature(OTHER_REPORT, settings)) < 0.2
