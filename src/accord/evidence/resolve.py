"""Finding a scenario's actors, issues and options in a sentence.

A :class:`Lexicon` is built from a scenario alone: an actor is found through its
id, name and ``aliases``; an issue through its name and ``keywords``; an option
through its name or id. Matching is on whole words, with plain apostrophes;
actor names that start with a capital match only with a capital (so "US" is not
found in "us"), issue keywords match in any case.

When a keyword names several issues ("sanctions") and another keyword in the
same text names only some of them ("aviation"), the more specific one wins.

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> lex = Lexicon.of(toy_scenario())
>>> [(m.actor, m.text) for m in lex.actors_in("The Seller and the Buyer disagree")]
[('a', 'Seller'), ('b', 'Buyer')]
>>> [sorted(m.issues) for m in lex.issues_in("the price of delivery")]
[['price'], ['delivery']]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from accord.evidence.nlp import normalise
from accord.scenario.model import Scenario

__all__ = ["ActorMention", "IssueMention", "Lexicon"]


@dataclass(frozen=True)
class ActorMention:
    """An actor named in a text, at ``start:end``."""

    start: int
    end: int
    actor: str
    text: str


@dataclass(frozen=True)
class IssueMention:
    """A keyword naming one or more issues, at ``start:end``."""

    start: int
    end: int
    issues: frozenset[str]
    text: str


def _pattern(phrases: Iterable[str], ignore_case: bool = False) -> re.Pattern[str] | None:
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        body = r"\s+".join(re.escape(w) for w in phrase.split())
        if phrase[:1].islower():
            body = f"[{re.escape(phrase[0])}{re.escape(phrase[0].upper())}]" + body[
                len(re.escape(phrase[0])):]
        parts.append(body)
    if not parts:
        return None
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?:s|x)?(?![\w])",
                      re.IGNORECASE if ignore_case else 0)


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", normalise(text)).strip().lower()


_ARTICLE = re.compile(r"^(?:the|a|an|le|la|les|l'|un|une)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Lexicon:
    """The names of a scenario's actors, issues and options, ready to search."""

    scenario_id: str
    actor_names: dict[str, str]
    issue_names: dict[str, frozenset[str]]
    option_names: dict[str, dict[str, str]]
    actor_pattern: re.Pattern[str] | None
    issue_pattern: re.Pattern[str] | None

    @classmethod
    def of(cls, scenario: Scenario) -> Lexicon:
        """The lexicon of ``scenario`` (ambiguous aliases are left out)."""
        owners: dict[str, set[str]] = {}
        shown: dict[str, str] = {}
        for actor in scenario.actors:
            for name in (actor.id, actor.name, *actor.aliases):
                if name and (len(name) > 1 or name == actor.id):
                    owners.setdefault(_key(name), set()).add(actor.id)
                    shown.setdefault(_key(name), normalise(name))
        actor_names = {k: next(iter(v)) for k, v in owners.items() if len(v) == 1}
        issue_names: dict[str, set[str]] = {}
        for issue in scenario.issues:
            names = [*issue.keywords]
            if len(issue.id) > 2:
                names.append(issue.id.replace("-", " ").replace("_", " "))
            if issue.name:
                names.append(_ARTICLE.sub("", issue.name))
            for name in names:
                issue_names.setdefault(_key(name), set()).add(issue.id)
        option_names: dict[str, dict[str, str]] = {}
        for issue in scenario.issues:
            table: dict[str, str] = {}
            for opt in issue.options:
                for name in (opt.id.replace("-", " "), _ARTICLE.sub("", opt.name)):
                    if len(name) > 3:
                        table[_key(name)] = opt.id
            option_names[issue.id] = table
        return cls(scenario.id, actor_names, {k: frozenset(v) for k, v in issue_names.items()},
                   option_names, _pattern(shown[k] for k in actor_names),
                   _pattern((normalise(k) for k in issue_names), ignore_case=True))

    def actors_in(self, text: str, offset: int = 0) -> list[ActorMention]:
        """The actor mentions in ``text``, merged when the same actor is named twice in a row
        ("le président russe Vladimir Poutine")."""
        if self.actor_pattern is None:
            return []
        local: list[tuple[int, int, str]] = []
        for m in self.actor_pattern.finditer(text):
            actor = self._actor_of(m.group())
            if actor is None:
                continue
            if local and local[-1][2] == actor and not text[local[-1][1]:m.start()].strip(" -'"):
                start = local.pop()[0]
                local.append((start, m.end(), actor))
            else:
                local.append((m.start(), m.end(), actor))
        return [ActorMention(a + offset, b + offset, actor, text[a:b]) for a, b, actor in local]

    def _actor_of(self, text: str) -> str | None:
        key = _key(text)
        if key in self.actor_names:
            return self.actor_names[key]
        for strip in ("s", "x"):
            if key.endswith(strip) and key[:-1] in self.actor_names:
                return self.actor_names[key[:-1]]
        return None

    def issues_in(self, text: str, offset: int = 0) -> list[IssueMention]:
        """The issue keywords in ``text``, the most specific reading of each."""
        if self.issue_pattern is None:
            return []
        found = []
        for m in self.issue_pattern.finditer(text):
            key = _key(m.group())
            issues = self.issue_names.get(key) or self.issue_names.get(key[:-1])
            if issues:
                found.append(IssueMention(m.start() + offset, m.end() + offset, issues,
                                          m.group()))
        out = []
        for mention in found:
            narrower = [o.issues for o in found if o.issues < mention.issues]
            issues = (mention.issues & frozenset().union(*narrower)) if narrower else mention.issues
            out.append(IssueMention(mention.start, mention.end, issues, mention.text))
        return out

    def option_in(self, issue: str, text: str) -> str | None:
        """The one option of ``issue`` named in ``text``, if exactly one is."""
        lowered = _key(text)
        hits = {opt for name, opt in self.option_names.get(issue, {}).items()
                if re.search(r"(?<![\w])" + re.escape(name) + r"(?![\w])", lowered)}
        return hits.pop() if len(hits) == 1 else None
