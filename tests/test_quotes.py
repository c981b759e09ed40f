"""Quotes must appear verbatim in their source texts."""

from __future__ import annotations

import pytest

from accord.scenario.quotes import quote_in_text


@pytest.mark.parametrize(("quote", "found"), [
    ("Moscou réclame que l'Ukraine", True),               # typographic apostrophe in text
    ("Moscou  réclame\nque l’Ukraine", True),             # white space folds
    ("Moscou réclame ... renonce", True),
    ("Moscou réclame […] renonce", True),
    ("renonce ... Moscou réclame", False),                # pieces must keep their order
    ("Moscou exige", False),
    ("moscou réclame", False),                            # case matters
])
def test_quote_matching(quote: str, found: bool) -> None:
    text = "Moscou réclame que l’Ukraine lui cède quatre régions et qu’elle renonce à l’Otan."
    assert quote_in_text(quote, text) is found
