"""A small lexicon of news quantities, and word helpers.

``EVENTS`` maps a word to what happened to the things counted ("killed", "wounded", ...);
``SUBJECTS`` maps a head noun to a class of people (so "soldiers" and "troops" are the same
thing); ``UNITS`` are measures, durations and money (figures of kind "other");
``PARTICIPLES`` can follow a count and say what happened to it. Words are folded (lower case,
no accents).
"""

from __future__ import annotations


def _words(*groups: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for group in groups:
        name, _, words = group.partition(":")
        for word in words.split():
            table[word] = name
    return table


EVENTS = _words(
    "killed:killed kill kills killing killings dead death deaths died die dies dying fatalities"
    " fatality perished slain lives toll murdered executed massacred drowned",
    "wounded:wounded wounding injured injuries injury injuring hurt",
    "casualties:casualties casualty",
    "arrested:arrested arrests detained detentions detainees jailed imprisoned",
    "displaced:displaced fled refugees homeless uprooted",
    "evacuated:evacuated evacuations evacuees rescued",
    "missing:missing disappeared",
    "captured:captured hostages abducted kidnapped",
    "destroyed:destroyed downed damaged",
    "lost:lost losing",
)
# Words that can follow a count directly and say what happened to it ("23 civilians killed").
PARTICIPLES = frozenset(
    "killed dead died wounded injured hurt arrested detained jailed displaced evacuated missing"
    " captured abducted kidnapped rescued destroyed downed damaged lost perished slain executed"
    " murdered massacred drowned fled".split()
)
# Verbs before a count that say what happened to it ("killed 20,000 people", "lost 130 troops").
_VERBS_BEFORE = frozenset(
    "killed killing kills kill wounded wounding injured injuring claimed claiming lost losing"
    " arrested detained evacuated displaced destroyed downed captured abducted kidnapped jailed"
    " rescued executed".split()
)
# "killing 30" -> "killed" for the description
_PAST = {
    "killing": "killed", "kills": "killed", "kill": "killed", "wounding": "wounded",
    "injuring": "injured", "losing": "lost",
}  # fmt: skip
_DEATH_NOUNS = frozenset("deaths death killing killings toll murder murders".split())
SUBJECTS = _words(
    "people:people persons person individuals residents inhabitants citizens lives",
    "civilians:civilians civilian noncombatants non-combatants",
    "military:soldiers soldier troops servicemen servicemembers personnel fighters fighter"
    " militants militant separatists rebels insurgents combatants militiamen guerrillas"
    " troopers marines sailors airmen conscripts reservists military army",
    "children:children child kids minors boys girls babies",
    "women:women woman",
    "police:police policemen policeman officers",
    "journalists:journalists journalist reporters reporter photographers",
    "protesters:protesters protestors demonstrators",
    "migrants:migrants migrant",
)
UNITS = frozenset(
    "percent per cent pct km kms kilometres kilometers kilometre kilometer miles mile metres"
    " meters metre meter feet foot inches inch kg kilograms kilogram grams gram tonnes tons"
    " tonne ton pounds pound ounces litres liters gallons barrels acres hectares degrees"
    " hours hour minutes minute seconds days day weeks week months month years year decades"
    " decade centuries century mph kph times points dollars dollar euros euro yen yuan rubles"
    " roubles rupees francs lira manat drams cents pence sq square".split()
)
_MONEY = {"$": "dollars", "€": "euros", "£": "pounds", "¥": "yen", "₹": "rupees", "₽": "roubles"}
_NP_STOP = frozenset(
    "and or but nor from in on at to by with for of since after before during including who"
    " which that whose were was are is be been being have has had will would could should can"
    " may might must said say says told as than while when where if because per the a an this"
    " these those its their his her our your my there here it they he she we you i not no also"
    " more most each every all both either neither so then out up down over under into onto"
    " between among against across through about around near like whom what how why yet just"
    " only even still already now ago later earlier today yesterday tomorrow last next whereas"
    " following amid despite left".split()
)
_AUX_SKIP = frozenset(
    "have has had been be being were was are is reportedly also now so far already confirmed"
    " officially badly seriously critically severely fatally mortally lightly reported believed"
    " feared thought said to all mostly allegedly apparently who that either later left"
    " found".split()
)
_STOPWORDS = _NP_STOP | frozenset(
    "s t one two said says would also did do does done get got make made than then them"
    " it's don't its yes".split()
)
_PERSON_CLASSES = frozenset(SUBJECTS.values())
_CAP_STOP = frozenset(
    "The A An This That These Those It Its They He She We I In On At Since As But And Or If When"
    " While After Before More Nearly Some Dozens Hundreds Thousands Several Many Most All Both"
    " Mr Mrs Ms Dr President Prime Minister Ministry Defense Defence Foreign Interior Chief"
    " General Secretary Spokesman Spokeswoman Officials Official Government Army Forces"
    " Council Committee Court Police Party Parliament Office Department Agency Reuters AFP AP"
    " Associated Press BBC CNN TASS Xinhua Anadolu January February March April May June July"
    " August September October November December Monday Tuesday Wednesday Thursday Friday"
    " Saturday Sunday Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec There Here What Who"
    " Why How According Earlier Later Meanwhile However Also Another Other".split()
)
# Words the noun phrase after a count is read with ("54 more of its troops", "the deaths").
_OF_DETERMINERS = frozenset("its their the them those these his her our".split())
_PARENTHETICAL = frozenset("including among mostly most many mainly".split())
_EVENT_HEADS = frozenset(
    "deaths death dead casualties casualty fatalities injuries lives wounded injured toll".split()
)
_GENERIC_HEADS = frozenset("unit system piece depot position launcher site".split())
_PERSON_EVENTS = frozenset(
    "killed wounded casualties arrested displaced evacuated missing captured".split()
)


def _singular(word: str) -> str:
    """ "tanks" -> "tank", "casualties" -> "casualty", "boxes" -> "box"."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


_NP_COLLECTIVES = frozenset(
    "people men women children police personnel staff cattle livestock aircraft crew youth".split()
)


def _is_plural(word: str) -> bool:
    return word in _NP_COLLECTIVES or (
        word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3
    )
