"""The words the extraction rules look for, in French and English.

Acts follow the spirit of the PLOVER event ontology (REQUEST, AGREE, REJECT,
THREATEN), specialised to bargaining positions: who **demands**, **offers**,
**proposes**, **accepts**, **rejects** or **threatens** what. Each act has
surface patterns (regular expressions over text whose apostrophes are plain,
matched case-insensitively): spaCy's lemmatisers leave many French reporting
verbs unlemmatised, so the rules match word forms, not lemmas.

Nothing here names a country, a person or a negotiation: who the actors are and
what the issues are comes from the scenario (aliases and keywords).

Examples
--------
>>> bool(ACTS["fr"]["demand"].search("Moscou réclame que l'Ukraine"))
True
>>> bool(ACTS["en"]["reject"].search("Kyiv rejected the plan"))
True
"""

from __future__ import annotations

import re

__all__ = [
    "ACTS",
    "ANALYST",
    "CONDITION",
    "CONDITIONAL",
    "CO_AGENT",
    "EVALUATIVE",
    "EXCHANGE",
    "NEGATION",
    "OBJECT_PREPOSITIONS",
    "PRONOUNS",
    "RELATIVE",
    "REPORTING",
    "REVERSAL",
    "SPEAKER_AFTER",
    "UNCERTAIN",
]


def _c(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])", re.IGNORECASE)


W = r"[\w'-]+"  # one word

ACTS: dict[str, dict[str, re.Pattern[str]]] = {
    "fr": {
        "demand": _c(r"r[ée]clam\w*", r"exig\w*", r"demand(?:e|ent|ait|aient|é|ée|er|era|ant)",
                     r"revendiqu\w*", r"veu(?:t|x|lent)", r"voulons", r"voulai(?:t|ent)",
                     r"vouloir",
                     r"souhait\w*", r"cherch\w* à (?:obtenir|récupérer|annexer|imposer)",
                     r"insist\w*", r"appel\w* à", r"rappel\w* avec insistance", r"aspirations?",
                     r"pour (?:tenter d')?(?:arracher|obtenir|instaurer)", r"pousser " + W + " à",
                     r"doi(?:t|vent) être", r"devrai(?:t|ent)", r"devait", r"exigences?",
                     r"revendications?", r"vis\w+ à obtenir"),
        "offer": _c(r"offr\w*", r"offres?", r"mettre sur la table", r"assoupl\w*",
                    r"incitations?", r"contreparties", r"concessions?",
                    r"lev[ée]e (?:de|des) (?:ces )?(?:sanctions|restrictions)",
                    r"allègement", r"allégement"),
        "propose": _c(r"propos(?:e|ent|é|ée|er|erait|eraient|ition|itions)", r"sugg[éè]r\w*",
                      r"plan", r"solution", r"projet", r"organiser", r"promis\w*", r"promesses?",
                      r"souhaite qu'(?:un|une)"),
        "accept": _c(r"accept(?:e|ent|é|ée|és|er|erait|ait|aient|able|ables)",
                     r"(?:ont|a|avait|avaient) convenu", r"(?:ont|a) signé", r"prêts? à",
                     r"prêtes? à", r"prête?s? pour", r"accord de principe", r"en reconnaissant que",
                     r"disposée? à", r"consent(?:ir|i|ent)"),
        "reject": _c(r"rejet\w*", r"rejett\w*", r"refus\w*", r"s'oppos\w*", r"opposée?s?",
                     r"inacceptables?", r"crai(?:nt|gnent|gnant|nte)", r"redout\w*",
                     r"empêch\w*", r"irréalistes?", r"bloqu\w*", r"n'a pas souhaité",
                     r"(?:ne|n') (?:pense|pensent|croi\w+) pas"),
        "threaten": _c(r"menac\w*", r"menaç\w*", r"ultimatums?", r"sous peine",
                       r"conséquences très graves"),
    },
    "en": {
        "demand": _c(r"demand\w*", r"insist\w*", r"call(?:s|ed|ing)? for", r"wants?",
                     r"wanted", r"seek\w*", r"sought", r"requir\w*", r"press(?:es|ed|ing)? for",
                     r"urg(?:e|es|ed|ing)", r"ask(?:s|ed|ing)? for", r"push(?:es|ed|ing)? for",
                     r"aim\w* to", r"wish\w*", r"must(?: be)?", r"should"),
        "offer": _c(r"offer\w*", r"put\w* on the table", r"eas(?:e|es|ed|ing) " + W,
                    r"relief", r"incentives?", r"concessions?", r"lift(?:s|ed|ing)?"),
        "propose": _c(r"propos\w*", r"suggest\w*", r"plan", r"floated", r"idea",
                      r"promis(?:e|es|ed)", r"hopes? (?:to|for)"),
        "accept": _c(r"accept(?:s|ed|ing|able)?", r"agree(?:s|d|ing)?", r"signed",
                     r"ready (?:to|for)",
                     r"willing to", r"prepared to", r"open to", r"endors\w*", r"in principle",
                     r"welcom\w*"),
        "reject": _c(r"reject\w*", r"refus\w*", r"oppos\w*", r"rul(?:e|es|ed|ing) out",
                     r"unacceptable", r"fears?", r"feared", r"block\w*", r"dismiss\w*",
                     r"unrealistic", r"will not", r"won't", r"do(?:es)? not (?:think|believe)",
                     r"warn\w* against"),
        "threaten": _c(r"threat(?:s|en|ens|ened|ening)?", r"ultimatums?", r"warn(?:s|ed)?",
                       r"or face",
                       r"severe consequences"),
    },
}

#: "In exchange for": what follows is wanted when something is offered before it, and given
#: when something is asked for before it.
EXCHANGE = {"fr": _c(r"en échange", r"en retour"),
            "en": _c(r"in exchange for", r"in return for", r"in return")}

#: Open questions ("il reste à voir si", "it is unclear whether") state no position; "pour
#: savoir si", "asked whether" only up to the end of their clause (a comma).
UNCERTAIN = {"fr": re.compile(r"\b(?:reste à (?:voir|savoir)|on ne sait pas|dans quelle mesure|"
                              r"(?:pour )?savoir si\b[^,;:]*$|se demand\w* si\b[^,;:]*$|"
                              r"ou non|le risque|risque d'|contraint\w* (?:de|d'|à)|"
                              r"obligée?s? (?:de|d'))", re.IGNORECASE),
             "en": re.compile(r"\b(?:remains to be seen|it is unclear|it is not clear|"
                              r"(?:asked|wonder\w*) (?:whether|if)\b[^,;:]*?\w(?=[^,;:\w]*$)|"
                              r"or not|the risk|forced to|compelled to)\b", re.IGNORECASE)}

#: Adjectives of acceptance that take their actor after "pour"/"for".
EVALUATIVE = {"fr": re.compile(r"(?:in)?acceptables?\s+pour\s*$", re.IGNORECASE),
              "en": re.compile(r"(?:un)?acceptable\s+(?:to|for)\s*$", re.IGNORECASE)}

#: Negation just before a trigger turns demand/offer/accept into reject.
NEGATION = {"fr": re.compile(r"\b(?:ne|n')\s*(?:\w+\s+){0,1}$|\bpas\s*$|\bjamais\s*$",
                             re.IGNORECASE),
            "en": re.compile(r"\b(?:not|never|no longer|n't)\s+(?:\w+\s+){0,1}$", re.IGNORECASE)}

#: A hypothetical clause ("si elle n'acceptait pas") states no position.
CONDITIONAL = {"fr": re.compile(r"\bsi\s+(?:[\w'-]+\s+){0,3}$|"
                                r"\bs'(?:il|ils)\s+(?:[\w'-]+\s+){0,3}$", re.IGNORECASE),
               "en": re.compile(r"\b(?:if|unless|whether)\s+(?:[\w'-]+\s+){0,3}$",
                                re.IGNORECASE)}

#: "à condition que", "provided that": what follows is asked for.
CONDITION = {"fr": _c(r"à condition que", r"à condition qu", r"pourvu que", r"sous réserve que"),
             "en": _c(r"on condition that", r"provided that", r"as long as")}

#: Words before a mention that make it a complement rather than a subject.
OBJECT_PREPOSITIONS = {
    "fr": re.compile(r"(?:\b(?:à|au|aux|de|des|du|d'|avec|contre|sur|vers|en|entre|chez|dans|"
                     r"depuis|envers|sans|face à|auprès de|lui|leur)\s*(?:la |le |les |l')?|"
                     r"\b(?:de|d')\s*)$", re.IGNORECASE),
    "en": re.compile(r"\b(?:to|of|with|against|on|toward|towards|from|into|in|at|between|"
                     r"without|for|by|over|about)\s+(?:the\s+)?$", re.IGNORECASE),
}

#: Relative pronouns after which the subject follows the verb ("auquel se refusent les Russes").
RELATIVE = {"fr": re.compile(r"\b(?:auquel|auxquels|à laquelle|quoi|que|qu'|dont|lequel|"
                             r"laquelle)\s*(?:se |s')?$", re.IGNORECASE),
            "en": re.compile(r"$^")}

#: Subject pronouns that refer back to the actor in focus.
PRONOUNS = {"fr": re.compile(r"(?<![\w'-])(?:il|elle|ils|elles|ce dernier|cette dernière)"
                             r"(?![\w'-])(?!\s+(?:existe|y a|y aurait|y avait|faut|faudrait|"
                             r"faudra|semble|reste|s'agit|ne sera|n'est pas|est peu|est possible|"
                             r"est probable|est temps))", re.IGNORECASE),
            "en": re.compile(r"(?<![\w'-])(?:he|she|they|it)(?![\w'-])", re.IGNORECASE)}
#: First-person pronouns, which inside a quotation mean the speaker.
FIRST_PERSON = {"fr": re.compile(r"(?<![\w'-])(?:je|j'|nous)(?![\w-])", re.IGNORECASE),
                "en": re.compile(r"(?<![\w'-])(?:I|we)(?![\w'-])")}
__all__ += ["FIRST_PERSON"]

#: Words that join a second actor to the subject.
CO_AGENT = {"fr": re.compile(r"\b(?:de concert avec|rejointe? par|ainsi que|aux côtés de|"
                             r"avec le soutien de)\b", re.IGNORECASE),
            "en": re.compile(r"\b(?:together with|along with|joined by|alongside|as well as)\b",
                             re.IGNORECASE)}

#: A speaker named after the verb: "a déclaré X", "a-t-il ajouté", "said X".
SPEAKER_AFTER = {
    "fr": re.compile(r"(?:a|ont|avait)(?:-t-(?:il|elle))?\s+(?:déclaré|affirmé|annoncé|précisé|"
                     r"ajouté|assuré|indiqué|expliqué|souligné|estimé|confirmé|averti|répondu|"
                     r"martelé|dit|qualifié)|\b(?:déclare|affirme|révèle|précise|ajoute|estime)"
                     r"|\bselon", re.IGNORECASE),
    "en": re.compile(r"\b(?:said|says|told|added|stated|warned|announced|according to|"
                     r"reports?|reported)\b", re.IGNORECASE),
}

#: Cues that the sentence reports what someone said or is said to do.
REPORTING = {
    "fr": re.compile(r"\bselon\b|\b(?:a|ont|avait)\s+(?:déclaré|annoncé|affirmé|confirmé|"
                     r"assuré|indiqué|suggéré|averti|précisé|expliqué)\s+(?:que|qu')|"
                     r"\brévèle\b|\bcitées? par\b|\b\w+(?:rait|raient)\b|\bmenaçant\b",
                     re.IGNORECASE),
    "en": re.compile(r"\baccording to\b|\b(?:said|says|told|announced|reported|stated|"
                     r"confirmed)\b|\breportedly\b|\bwould\b", re.IGNORECASE),
}

#: Cues of an analyst's or observer's reading rather than an actor's own position.
ANALYST = {
    "fr": re.compile(r"\bselon (?:plusieurs |des |les |certains )?(?:observateurs|experts|"
                     r"analystes|spécialistes|diplomates)\b|\bpourrai(?:t|ent)\b|\bsemble\b|"
                     r"\bprobablement\b|\bil est peu probable\b", re.IGNORECASE),
    "en": re.compile(r"\b(?:analysts?|observers?|experts?)\b|\bcould\b|\blikely\b|"
                     r"\bseems?\b|\bprobably\b", re.IGNORECASE),
}

#: Words just before an issue keyword that turn the actor against it.
REVERSAL = {
    "fr": re.compile(r"\b(?:renonc\w*|renoncement|sans|pas de|aucune?|fin (?:de|des|du)|"
                     r"arrêt|empêcher|contre|refus\w*|rejet\w*|exclusion)\b[^;.]{0,80}$",
                     re.IGNORECASE),
    "en": re.compile(r"\b(?:renounc\w*|give up|giving up|without|no|end to|halt\w*|"
                     r"stop\w*|against|block\w*|keep \w+ out of)\b[^;.]{0,80}$",
                     re.IGNORECASE),
}
