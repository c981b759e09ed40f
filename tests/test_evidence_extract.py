"""Extraction rules: attribution in French and English, resolution, offsets, the F1 floor."""

from __future__ import annotations

import pytest

from accord.evidence.extract import extract_text, sentence_triggers
from accord.evidence.resolve import Lexicon
from accord.evidence.score import read_gold, score
from accord.evidence.store import Store
from conftest import needs_shared
from evidence_helpers import ALASKA, DATA, SEED_DOCS, alaska, extracted_db


def _triples(text: str, lang: str) -> set[tuple[str, str, str | None]]:
    lexicon = Lexicon.of(alaska())
    return {(s.actor, s.act, s.issue) for s in extract_text(text, lang, lexicon)}


@pytest.mark.parametrize(("text", "expected"), [
    # subject before the verb, with a co-agent
    ("L'Ukraine demande, de concert avec ses alliés européens, un cessez-le-feu.",
     {("ua", "demand", "ceasefire"), ("eu", "demand", "ceasefire")}),
    # inverted subject after a relative pronoun
    ("Kiev veut une trêve, à laquelle se refusent les Russes.",
     {("ua", "demand", "ceasefire"), ("ru", "reject", "ceasefire")}),
    # passive agent and evaluative adjective
    ("La cession de la Crimée, exigée par Moscou, serait inacceptable pour Kiev.",
     {("ru", "demand", "crimea"), ("ua", "reject", "crimea")}),
    # "selon X"
    ("Selon le Kremlin, Moscou refuse toute adhésion de l'Ukraine à l'OTAN.",
     {("ru", "reject", "nato")}),
    # quotation with an inverted speaker: "je" is the speaker, "a-t-il déclaré"
    ("Donald Trump était à Anchorage. « Je veux la paix », a-t-il déclaré.",
     {("us", "demand", "ceasefire")}),
    # "X a déclaré qu'il ...": the pronoun is X
    ("Zelensky a déclaré qu'il était prêt à une trêve.", {("ua", "accept", "ceasefire")}),
    # negation turns a demand into a rejection; a hypothetical states nothing
    ("Moscou n'accepte pas la trêve. Si Kiev accepte la trêve, Moscou attendra.",
     {("ru", "reject", "ceasefire")}),
])
def test_french_attribution(text: str, expected: set[tuple[str, str, str | None]]) -> None:
    assert _triples(text, "fr") == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Moscow demands that Kyiv cede the Donetsk region.", {("ru", "demand", "donetsk")}),
    ("Kyiv rejected calls for a ceasefire.", {("ua", "reject", "ceasefire")}),
    ("Trump said he had offered Moscow an easing of sanctions on aviation.",
     {("us", "offer", "sanctions-aviation")}),
    ('"We want a ceasefire now," Zelensky said.', {("ua", "demand", "ceasefire")}),
    ("Hungary has said it will block Ukraine's NATO membership.", {("hu", "reject", "nato")}),
])
def test_english_attribution(text: str, expected: set[tuple[str, str, str | None]]) -> None:
    assert _triples(text, "en") == expected


def test_resolution_through_aliases_and_keywords() -> None:
    lexicon = Lexicon.of(alaska())
    actors = [(m.actor, m.text) for m in lexicon.actors_in(
        "Le président russe Vladimir Poutine et Kiev")]
    assert actors == [("ru", "président russe Vladimir Poutine"), ("ua", "Kiev")]
    issues = [sorted(m.issues) for m in lexicon.issues_in(
        "des sanctions visant l'aviation, le Donbass et l'OTAN")]
    # "sanctions" names three issues, "aviation" one of them: the specific reading wins
    assert issues == [["sanctions-aviation"], ["sanctions-aviation"], ["donetsk", "luhansk"],
                      ["nato"]]
    assert lexicon.option_in("ceasefire", "a 30-day truce") == "truce-30-days"


def test_triggers_inside_an_object_are_not_acts() -> None:
    assert [t.act for t in sentence_triggers(
        "le Kremlin souhaite obtenir un allégement des sanctions", "fr")] == ["demand"]
    assert [t.act for t in sentence_triggers(
        "il offrirait Koursk en échange d'une partie des terres", "fr")] == ["offer", "demand"]


def test_statement_offsets_point_into_the_document() -> None:
    with Store(extracted_db()) as store:
        texts = {d.id: d.text for d in store.documents()}
        statements = store.statements()
    assert statements
    for s in statements:
        assert texts[s.document_id][s.start:s.end] == s.sentence


def test_reextraction_is_idempotent() -> None:
    from accord.evidence.pipeline import extract_store

    with Store(extracted_db()) as store:
        before = [s.to_dict() for s in store.statements()]
        extract_store(store, alaska(), ALASKA.parent, use_ner=True)
        after = [s.to_dict() for s in store.statements()]
    assert before == after


@needs_shared
def test_strict_f1_on_the_seed_gold_stays_above_the_bar() -> None:
    """A regression guard on a measured property, not a tuned target: the issue's bar is
    strict F1 >= 0.65 on the seed articles (measured 0.70 when this test was written)."""
    rows = [r for r in read_gold(DATA / "gold.tsv") if r.doc in SEED_DOCS]
    with Store(extracted_db()) as store:
        result = score(rows, store.statements(), store.documents())
    assert result.strict.f1 >= 0.65
    assert result.relaxed.f1 >= result.strict.f1


def test_english_and_held_out_gold_are_scored() -> None:
    with Store(extracted_db()) as store:
        docs, statements = store.documents(), store.statements()
    english = [r for r in read_gold(DATA / "gold.tsv") if r.doc.startswith("en_")]
    held = read_gold(DATA / "evidence_heldout" / "gold.tsv")
    # floors well under the measured values (0.84 and 0.75): they catch a broken pipeline
    assert score(english, statements, docs).strict.f1 >= 0.6
    assert score(held, statements, docs).strict.f1 >= 0.5


@pytest.mark.parametrize(("text", "lang"), [
    ("Moscou réclame que l'Ukraine lui cède la Crimée, et qu'elle renonce à toute adhésion "
     "à l'Otan.\nDes exigences inacceptables pour Kiev.", "fr"),
    ("Moscow demands that Ukraine withdraw from Crimea and renounce any plan to join NATO.\n"
     "Kyiv rejected those terms on Thursday.", "en"),
])
def test_rejecting_a_demand_to_renounce_is_for_what_is_renounced(text: str, lang: str) -> None:
    lexicon = Lexicon.of(alaska())
    signs = {(s.actor, s.act, s.issue): s.polarity for s in extract_text(text, lang, lexicon)}
    assert signs[("ru", "demand", "nato")] == -1        # Moscow: Kyiv renounces NATO
    assert signs[("ua", "reject", "nato")] == 1         # Kyiv rejects that: for NATO
    assert signs[("ru", "demand", "crimea")] == 1       # Moscow: Crimea ceded
    assert signs[("ua", "reject", "crimea")] == -1      # Kyiv: against ceding it


@pytest.mark.parametrize(("text", "lang", "expected"), [
    # an open question states no position, up to the end of its clause
    ("Le président américain, interrogé plus tôt vendredi pour savoir si l'Ukraine devra faire "
     "des concessions territoriales, a répondu qu'il y aurait des échanges de territoires.",
     "fr", set()),
    ("Trump was asked whether the Ukrainian government would eventually offer Crimea to Moscow.",
     "en", set()),
    # after the comma, a position again
    ("Il faudra savoir si les présidents signeront un accord, que Moscou refuse la trêve.",
     "fr", {("ru", "reject", "ceasefire")}),
])
def test_an_open_question_states_no_position(text: str, lang: str,
                                             expected: set[tuple[str, str, str]]) -> None:
    assert _triples(text, lang) == expected


def test_a_mission_outside_nato_is_no_position_on_nato() -> None:
    text = ("Washington exige que toute garantie de sécurité soit soutenue par des troupes "
            "européennes dans le cadre d'une mission hors OTAN.")
    assert _triples(text, "fr") == {("us", "demand", "guarantees")}
    text = "The Europeans would accept a European contingent outside NATO, officials said."
    assert not {t for t in _triples(text, "en") if t[2] == "nato"}


def test_reported_speech_with_a_quoted_phrase_is_the_reporters() -> None:
    text = ("M. Trump a déclaré que M. Zelensky avait « essentiellement accepté » de donner "
            "aux États-Unis l'accès à des gisements de terres rares.")
    found = [s for s in extract_text(text, "fr", Lexicon.of(alaska())) if s.actor == "ua"]
    assert found
    assert {(s.act, s.speaker, s.modality) for s in found} == {("accept", "us", "reported")}
