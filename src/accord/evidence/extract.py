"""The extraction rules: from a document's sentences to statements.

For every sentence, in order:

1. **Triggers.** Surface patterns of the six acts (:mod:`accord.evidence.lexicon`)
   are found. A negation just before a demand, offer, proposal or acceptance makes
   it a rejection; a trigger in a hypothetical clause ("si elle n'acceptait pas")
   is dropped; a demand noun followed by "inacceptable" is the object of the
   rejection, not a demand of its own.
2. **Who.** The actor of each trigger, first by construction, then by position:
   the agent after an evaluative adjective ("inacceptable pour Kiev") or a passive
   participle ("exigée par Moscou"); an inverted subject after a relative pronoun
   ("auquel se refusent les Russes"); inside a quotation, a first-person pronoun
   means the speaker (named by "a déclaré X", "a-t-il ajouté", "selon X", "said X",
   or carried over from the previous quoted sentence); otherwise the nearest
   subject to the left (an actor named without a preposition before it, or a
   pronoun standing for the actor in focus); otherwise a speaker named in the
   sentence. A named person or organisation that is not an actor (spaCy's NER)
   blocks the attribution. Actors joined to the subject ("X et Y", "de concert
   avec Y", "rejoint par Y", "signé un accord avec Y") share the act.
3. **On what.** The issues named between the trigger and the next trigger; if none,
   before it; a rejection or acceptance that names no issue at all ("Des exigences
   inacceptables pour Kiev") bears on the issues of the previous sentence.
   Rejecting those terms is against what they were for: Moscow demanding that Kyiv
   *renounce* NATO and Kyiv rejecting that demand makes Kyiv for NATO (+).
4. **How.** Polarity (a rejection, or "renoncer à", "sans", "fin de" before the
   issue, is against), modality (headline, quoted, analyst view, reported,
   asserted) and, when named, the option.

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> lex = Lexicon.of(toy_scenario())
>>> [(s.actor, s.act, s.issue, s.option)
...  for s in extract_text("The Seller demands a high price.", "en", lex)]
[('a', 'demand', 'price', 'high')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from accord.evidence.lexicon import (
    ACTS,
    ANALYST,
    CO_AGENT,
    CONDITION,
    CONDITIONAL,
    EXCHANGE,
    FIRST_PERSON,
    NEGATION,
    OBJECT_PREPOSITIONS,
    PRONOUNS,
    RELATIVE,
    REPORTING,
    REVERSAL,
    SPEAKER_AFTER,
    UNCERTAIN,
)
from accord.evidence.nlp import normalise, split_sentences
from accord.evidence.resolve import ActorMention, IssueMention, Lexicon
from accord.evidence.store import Statement

__all__ = ["EXTRACTOR_VERSION", "Trigger", "extract_text", "sentence_triggers"]

#: Changes whenever the rules change, so stored statements can be told apart.
EXTRACTOR_VERSION = "rules-1"

_QUOTE = re.compile(r"«[^«»]*»|\"[^\"]*\"")
_NOUN_DEMAND = re.compile(r"^(?:exigences?|demandes?|revendications?|conditions?|concessions?|"
                          r"demands?|offres?|offers?)$", re.IGNORECASE)
_DETERMINER = re.compile(r"(?:\b(?:any|a|an|the|this|that|such|un|une|le|la|les|ce|cette|ces|"
                         r"tout|toute|toutes|de telles|tel)|\bl')\s*$", re.IGNORECASE)
_ACT_NOUN = re.compile(r"^(?:plan|solution|projet|proposition|propositions|offres?|offers?|"
                       r"idea|proposal|promesses?|incitations?|incentives?|concessions?)$",
                       re.IGNORECASE)
_CLAUSE = re.compile(r";|:\s|\s—\s|\s–\s")


@dataclass(frozen=True)
class Trigger:
    """A word or phrase that performs an act, at ``start:end`` of its sentence."""

    start: int
    end: int
    act: str
    text: str
    forward_only: bool = False


@dataclass
class _State:
    """What carries over from sentence to sentence within a document."""

    focus: str | None = None
    last: str | None = None
    speaker: str | None = None
    quoting: bool = False
    issues: list[IssueMention] = field(default_factory=list)
    # the polarity of the previous sentence's statements on each issue: "renonce à l'Otan"
    # demanded there is -1 on nato, so rejecting "ces exigences" is +1 on it
    stances: dict[str, int] = field(default_factory=dict)


def sentence_triggers(sentence: str, lang: str) -> list[Trigger]:
    """The act triggers of one sentence.

    Overlaps are resolved (the longest wins); a trigger that falls within four
    words after another one is part of that act's object ("souhaite obtenir un
    allégement", "rejected calls for") and so is an act-noun after a determiner
    once an act has been seen ("demands ... any plan"); "in exchange for" asks
    for what follows when something was offered before it, and gives it when
    something was asked for.

    Examples
    --------
    >>> [(t.act, t.text) for t in sentence_triggers("Moscou refuse et menace.", "fr")]
    [('reject', 'refuse'), ('threaten', 'menace')]
    >>> [(t.act, t.text) for t in sentence_triggers("Kyiv rejected calls for talks.", "en")]
    [('reject', 'rejected')]
    """
    found = [Trigger(m.start(), m.end(), act, m.group())
             for act, pattern in ACTS[lang].items() for m in pattern.finditer(sentence)]
    found += [Trigger(m.start(), m.end(), "exchange", m.group())
              for m in EXCHANGE[lang].finditer(sentence)]
    found += [Trigger(m.start(), m.end(), "condition", m.group())
              for m in CONDITION[lang].finditer(sentence)]
    found.sort(key=lambda t: (t.start, -(t.end - t.start)))
    kept: list[Trigger] = []
    for t in found:
        if kept and t.start < kept[-1].end:
            continue
        kept.append(t)
    out: list[Trigger] = []
    last: Trigger | None = None
    for k, t in enumerate(kept):
        before = sentence[:t.start]
        if CONDITIONAL[lang].search(before[-40:]) or UNCERTAIN[lang].search(before) \
                or UNCERTAIN[lang].match(sentence[t.end:t.end + 12].lstrip(" ,")):
            continue
        nxt = kept[k + 1] if k + 1 < len(kept) else None
        if (_NOUN_DEMAND.match(t.text) and nxt is not None and nxt.act in ("accept", "reject")
                and len(sentence[t.end:nxt.start].split()) <= 2):
            continue
        act = t.act
        forward = act in ("exchange", "condition")
        if act == "exchange":
            act = "offer" if last is not None and last.act in ("demand", "accept") else "demand"
        elif act == "condition":
            act = "demand"
        elif last is not None:
            gap = sentence[last.end:t.start]
            if len(gap.split()) <= 4 and not re.search(r"[,;:]|\b(?:et|mais|and|but)\b", gap):
                continue
            if _DETERMINER.search(gap) and _ACT_NOUN.match(t.text):
                continue
        if act in ("demand", "offer", "propose", "accept") and NEGATION[lang].search(before[-25:]):
            act = "reject"
        if act == "accept" and t.text.lower().startswith(("inacc", "unacc")):
            act = "reject"
        last = Trigger(t.start, t.end, act, t.text, forward)
        out.append(last)
    return out


def _inside_quote(sentence: str, pos: int) -> tuple[int, int] | None:
    """The quotation around ``pos``: four words at least (« essentiellement accepté »
    quotes a phrase, not someone's statement)."""
    for m in _QUOTE.finditer(sentence):
        if m.start() < pos < m.end() and len(_WORD.findall(m.group())) >= 4:
            return m.start(), m.end()
    return None


_WORD = re.compile(r"\w+")
_THAT = re.compile(r"\s*(?:que\b|qu'|qu’|that\b)", re.IGNORECASE)


def _is_subject(sentence: str, start: int, lang: str,
                mentions: Sequence[ActorMention] = ()) -> bool:
    """Whether a mention at ``start`` can be a subject: no preposition before it, and not
    coordinated with a mention that has one ("entre Moscou et Washington")."""
    before = sentence[max(0, start - 25):start]
    if OBJECT_PREPOSITIONS[lang].search(before):
        return False
    conj = re.search(r"\s(?:et|ou|and|or)\s+(?:le |la |les |l'|the )?$", before)
    if conj:
        at = start - (len(before) - conj.start())
        prev = [m for m in mentions if m.end <= at and at - m.end <= 2]
        if prev:
            return _is_subject(sentence, prev[-1].start, lang, mentions)
    return True


_RELATIVE_SUBJECT = re.compile(r"\b(?:qui|who|which|that)\b", re.IGNORECASE)


def _speaker(sentence: str, mentions: Sequence[ActorMention], lang: str,
             state: _State) -> str | None:
    """The actor a sentence's quotation or report is attributed to."""
    for cue in SPEAKER_AFTER[lang].finditer(sentence):
        if "-t-" in cue.group():
            return state.focus
        # "a déclaré M. Trump": the speaker; "a déclaré que M. Zelensky ...": the one spoken of
        after = [m for m in mentions if 0 <= m.start - cue.end() <= 30
                 and not _THAT.match(sentence, cue.end(), m.start)]
        if after:
            return after[0].actor
        before = [m for m in mentions if 0 <= cue.start() - m.end <= 40
                  and _is_subject(sentence, m.start, lang)]
        if before and not _inside_quote(sentence, before[-1].start):
            return before[-1].actor
    return None


def _coordinated(sentence: str, agent: ActorMention, mentions: Sequence[ActorMention],
                 trigger: Trigger, lang: str) -> set[str]:
    """Actors sharing the act with ``agent``: "X et Y", "de concert avec Y", "avec Y"."""
    out = set()
    conj = r"(?:,\s*)?(?:et|and)\s+(?:[\w'-]+\s+){0,3}$"
    for m in mentions:
        if m.end <= agent.start and re.fullmatch(r"\s*" + conj, sentence[m.end:agent.start]
                                                 + " ") and agent.start - m.end <= 40:
            out.add(m.actor)
        if m.start >= agent.end and re.fullmatch(r"\s*(?:,\s*)?(?:et|and)\s+(?:[\w'-]+\s+){0,3}",
                                                 sentence[agent.end:m.start]) \
                and (m.end <= trigger.start or agent.start > trigger.end):
            out.add(m.actor)
    window_start = min(agent.end, trigger.start)
    for cue in CO_AGENT[lang].finditer(sentence, window_start, trigger.end + 60):
        after = [m for m in mentions if 0 <= m.start - cue.end() <= 40]
        if after:
            out.add(after[0].actor)
    if trigger.act == "accept":
        m2 = re.match(r"\s*(?:[\w'-]+\s+){0,3}?(?:avec|with)\s+", sentence[trigger.end:])
        if m2:
            after = [m for m in mentions if m.start == trigger.end + m2.end()
                     or 0 <= m.start - (trigger.end + m2.end()) <= 4]
            if after:
                out.add(after[0].actor)
    return out


def _agents(sentence: str, trigger: Trigger, mentions: Sequence[ActorMention],
            blockers: Sequence[tuple[int, int]], lang: str, state: _State,
            speaker: str | None) -> list[str]:
    """Who performs ``trigger``: the actors, or nothing when it cannot be told."""
    after = sentence[trigger.end:]
    near_after = [m for m in mentions if m.start >= trigger.end]

    def first_after(skip: int, limit: int = 4) -> ActorMention | None:
        hits = [m for m in near_after if 0 <= m.start - trigger.end - skip <= limit]
        return hits[0] if hits else None

    # "inacceptable pour Kiev", "unacceptable to Kyiv"
    head = re.match(r"\s*(?:pour|for|to)\s+", after)
    if head and trigger.act in ("accept", "reject"):
        hit = first_after(head.end())
        if hit is not None:
            return _with_coordination(sentence, hit, mentions, trigger, lang)
    # "exigée par Moscou", "rejected by Moscow"
    passive = re.match(r"\s*(?:[\w'-]+\s+){0,2}?(?:par|by)\s+", after)
    if passive:
        hit = first_after(passive.end())
        if hit is not None:
            return [hit.actor]
    # "la proposition de Trump", "the plan of the Kremlin"
    owner = re.match(r"\s*(?:[\w'-]+\s+)?(?:de|d'|du|des|of)\s*", after)
    if owner and _ACT_NOUN.match(trigger.text):
        hit = first_after(owner.end(), 6)
        if hit is not None:
            return [hit.actor]
    # "auquel se refusent les Russes"
    if RELATIVE[lang].search(sentence[max(0, trigger.start - 20):trigger.start]):
        hits = [m for m in near_after if len(sentence[trigger.end:m.start].split()) <= 2]
        if hits:
            return [hits[0].actor]
    quote = _inside_quote(sentence, trigger.start)
    lo = quote[0] if quote else 0
    lo = max([lo, *(m.end() for m in _CLAUSE.finditer(sentence, lo, trigger.start))])
    candidates: list[tuple[int, str | None, ActorMention | None]] = []
    for m in mentions:
        if lo <= m.start and m.end <= trigger.start and \
                _is_subject(sentence, m.start, lang, mentions):
            candidates.append((m.end, m.actor, m))
    for b_start, b_end in blockers:
        if lo <= b_start and b_end <= trigger.start and _is_subject(sentence, b_start, lang):
            candidates.append((b_end, None, None))
    for p in PRONOUNS[lang].finditer(sentence, lo, trigger.start):
        candidates.append((p.end(), _pronoun(sentence, p.start(), p.group(), mentions, lang,
                                             state), None))
    if quote:
        for p in FIRST_PERSON[lang].finditer(sentence, lo, trigger.start):
            candidates.append((p.end(), speaker, None))
    # a relative clause in between belongs to another subject ("une initiative qui visait")
    candidates = [c for c in candidates
                  if not any(r.start() > c[0] + 3 and "," not in sentence[r.end():trigger.start]
                             for r in _RELATIVE_SUBJECT.finditer(sentence, c[0], trigger.start))]
    if candidates:
        _, actor, hit = max(candidates, key=lambda c: c[0])
        if actor is None:
            return []
        if hit is not None:
            return _with_coordination(sentence, hit, mentions, trigger, lang)
        return [actor]
    if speaker:
        return [speaker]
    # "Ces concessions attendraient ...": a demonstrative subject speaks of the actor in focus
    if _DEMONSTRATIVE.match(sentence) and state.focus:
        return [state.focus]
    return []


_DEMONSTRATIVE = re.compile(r"^\s*(?:ces|cette|cet|ce|such|these|this|those)\s", re.IGNORECASE)
_ANAPHORA = re.compile(r"\b(?:ces|cette|de telles|de tels|those|these|such)\b|"
                       r"\b(?:exigences|demandes|revendications|conditions|propositions|terms|"
                       r"demands|proposals|conditions)\b", re.IGNORECASE)


def _pronoun(sentence: str, at: int, word: str, mentions: Sequence[ActorMention], lang: str,
             state: _State) -> str | None:
    """The actor a pronoun stands for: the last actor named before it ("ce dernier"), else the
    subject named before it in the sentence ("Zelensky a déclaré qu'il"), else the focus."""
    if word.lower() in ("ce dernier", "cette dernière"):
        return state.last
    before = [m for m in mentions if m.end <= at and _is_subject(sentence, m.start, lang,
                                                                  mentions)]
    return before[-1].actor if before else state.focus


def _with_coordination(sentence: str, agent: ActorMention, mentions: Sequence[ActorMention],
                       trigger: Trigger, lang: str) -> list[str]:
    actors = [agent.actor]
    for other in sorted(_coordinated(sentence, agent, mentions, trigger, lang)):
        if other not in actors:
            actors.append(other)
    return actors


def _issues(sentence: str, trigger: Trigger, nxt: Trigger | None, prev: Trigger | None,
            mentions: Sequence[IssueMention], state: _State,
            ) -> tuple[list[IssueMention], bool]:
    """The issues an act bears on.

    Those named after it, up to the next act or a non-restrictive relative clause
    (", qui ..."); else, for an act that may look back, those named before it (back
    to the previous act, or to the sentence start for an acceptance or rejection:
    "une cession ..., exigée par Moscou, serait inacceptable pour Kiev"); an
    acceptance or rejection of "those terms" bears on the previous sentence's
    (then the flag is true).
    """
    stop = nxt.start if nxt is not None else len(sentence)
    aside = _ASIDE.search(sentence, trigger.end, stop)
    if aside:
        stop = aside.start()
    forward = [m for m in mentions if trigger.start <= m.start < stop]
    if forward or trigger.forward_only:
        return forward, False
    reaction = trigger.act in ("accept", "reject")
    begin = 0 if reaction or prev is None else prev.end
    backward = [m for m in mentions if begin <= m.start < trigger.start]
    if backward:
        return backward, False
    if reaction and _ANAPHORA.search(sentence):
        return list(state.issues), True
    return [], False


# "une mission hors OTAN", "outside NATO": a frame, no position on the issue itself
_OUTSIDE = re.compile(r"\b(?:hors|en dehors d[eu']|outside(?: of)?)\s*(?:de |du |des |de la |"
                      r"de l'|l'|la |le |les |the )?$", re.IGNORECASE)
_ASIDE = re.compile(r",\s*(?:qui|lesquel\w*|which|who)\b", re.IGNORECASE)


def _modality(sentence: str, whole_line: bool, trigger: Trigger, lang: str) -> str:
    if whole_line and not sentence.rstrip().endswith((".", "!", "?", "…", "»", '"')) \
            and len(sentence.split()) <= 30:
        return "headline"
    if _inside_quote(sentence, trigger.start):
        return "quote"
    if ANALYST[lang].search(sentence):
        return "analyst"
    if REPORTING[lang].search(sentence):
        return "reported"
    return "asserted"


def extract_text(text: str, lang: str, lexicon: Lexicon, *, document_id: int = 0,
                 entities: Iterable[Sequence[tuple[int, int]]] | None = None) -> list[Statement]:
    """The statements of one document's text.

    Parameters
    ----------
    text
        The document's stored text; statement offsets index into it.
    lang
        'fr' or 'en'.
    lexicon
        The scenario's names (:meth:`Lexicon.of`).
    entities
        For each sentence that has a trigger (in order), the spans (relative to
        the sentence) of named persons and organisations found by NER; those
        that are no actor block an attribution. ``None``: no NER.
    """
    norm = normalise(text)
    spans = split_sentences(norm)
    lines = {(m.start(), m.end()) for m in re.finditer(r"[^\n]+", norm)}
    ner = iter(entities) if entities is not None else None
    state = _State()
    out: list[Statement] = []
    seen: set[tuple[int, str, str, str | None]] = set()
    for start, end in spans:
        sentence = norm[start:end]
        actors = lexicon.actors_in(sentence)
        issues = [m for m in lexicon.issues_in(sentence)
                  if not _OUTSIDE.search(sentence, max(0, m.start - 24), m.start)]
        triggers = sentence_triggers(sentence, lang)
        blockers: list[tuple[int, int]] = []
        if triggers and ner is not None:
            blockers = [(a, b) for a, b in next(ner, ())
                        if not any(m.start < b and a < m.end for m in actors)]
        whole_line = any(a <= start and end <= b and not norm[a:start].strip()
                         and not norm[end:b].strip() for a, b in lines if a <= start < b)
        speaker = _speaker(sentence, actors, lang, state)
        quoted = bool(_QUOTE.search(sentence))
        if speaker is None and quoted and state.quoting \
                and sentence.lstrip().startswith(("«", '"')):
            speaker = state.speaker
        first_agent: str | None = None
        for k, trig in enumerate(triggers):
            agents = _agents(sentence, trig, actors, blockers, lang, state, speaker)
            if not agents:
                continue
            nxt = triggers[k + 1] if k + 1 < len(triggers) else None
            prev = triggers[k - 1] if k else None
            modality = _modality(sentence, whole_line, trig, lang)
            first_agent = first_agent or agents[0]
            about, anaphoric = _issues(sentence, trig, nxt, prev, issues, state)
            for mention in about:
                gap = sentence[max(trig.end, mention.start - 90):mention.start] \
                    if mention.start > trig.end else ""
                polarity = -1 if trig.act == "reject" or REVERSAL[lang].search(gap) else 1
                for issue in sorted(mention.issues):
                    if anaphoric:       # a reaction to the previous sentence's terms
                        polarity = (-1 if trig.act == "reject" else 1) \
                            * state.stances.get(issue, 1)
                    option = lexicon.option_in(issue, sentence)
                    for actor in agents:
                        key = (start, actor, trig.act, issue)
                        if key in seen:
                            continue
                        seen.add(key)
                        out.append(Statement(document_id, start, end, text[start:end], actor,
                                             trig.act, issue, option, polarity, modality,
                                             speaker or "", trig.text, lexicon.scenario_id))
        if first_agent is not None:
            state.focus = first_agent
        elif actors and _is_subject(sentence, actors[0].start, lang, actors) \
                and actors[0].start < 40:
            state.focus = actors[0].actor
        if actors:
            state.last = actors[-1].actor
        state.speaker = speaker if quoted else None
        state.quoting = quoted
        state.issues = issues
        state.stances = {x.issue: x.polarity for x in out if x.start == start and x.issue}
    return out


def ner_spans(docs: Iterable[Any]) -> list[list[tuple[int, int]]]:
    """Person and organisation spans of spaCy docs, as the ``entities`` of :func:`extract_text`."""
    keep = {"PER", "PERSON", "ORG"}
    return [[(e.start_char, e.end_char) for e in doc.ents if e.label_ in keep] for doc in docs]


__all__ += ["ner_spans"]
