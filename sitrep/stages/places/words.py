"""Word tables of the ``places`` stage: the words around a name that say what it is.

Entity labels, division and town words, prepositions, the nouns of residents, areas,
streets and natural features, people's titles: every finder reads them from here.
"""

from __future__ import annotations

import functools

from wordfreq import zipf_frequency

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Entity labels whose words are not place names, even when a place's name is among them.
BLOCKING_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "NORP", "LANGUAGE"})
#: Entity labels the model gives place names by mistake ("Puebla" PERSON, "Aleppo" NORP,
#: "Hidalgo" ORG, "Shabunda, Sud-Kivu" WORK_OF_ART): looked at again in context.
RELABELLED = frozenset({"PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT"})
#: Words after a name that say it is a division, not the town of the same name.
ADMIN_WORDS = frozenset({
    "province", "governorate", "district", "county", "state", "region", "oblast", "prefecture",
    "parish", "department", "municipality", "provinces", "governorates", "districts", "counties",
    # local names of divisions: Nigeria's LGAs, South Asia's upazilas and tehsils, Myanmar's
    # townships, Ethiopia's woredas, Uganda's sub-counties, Ukraine's raions
    "lga", "upazila", "tehsil", "taluka", "township", "woreda", "sub-county", "subcounty", "raion",
    "rayon", "commune", "canton", "emirate", "wilaya", "kebele",
})
CITY_WORDS = frozenset({"city", "town", "village"})
#: Plural division words that close a list of names: "Jackson and Barrow counties".
LIST_ADMIN_WORDS = frozenset({"counties", "parishes", "provinces", "districts", "governorates", "states"})
#: Words before a name that locate a part of the place, not another place: "Northeast
#: Georgia", "South Philadelphia", "Historic Dublin". Tried only when the whole name is unknown.
PART_WORDS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
    "southeastern", "southwestern", "north-east", "north-west", "south-east", "south-west",
    "upstate", "downstate", "downtown", "uptown", "historic", "greater", "metro", "rural", "coastal",
})
#: Division names that are only a direction: GeoNames often spells them with a generic word
#: ("Southern Region", "Central Province"), which the text leaves out.
GENERIC_DIVISIONS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "north east", "north west", "south east", "south west", "northeast", "northwest", "southeast",
    "southwest", "north-east", "north-west", "south-east", "south-west", "upper", "lower", "coast",
    "far north", "far west", "centre", "center", "centre-nord", "centre-sud", "centre-est", "nord",
    "sud", "est", "ouest", "nord-ouest", "sud-ouest", "nord-est", "littoral", "plateau", "capital",
})
DIVISION_WORDS = ("Region", "Province", "State", "Department", "District", "Governorate")
#: Nouns for a part of a place: "the Central Zone of Rio" is no town called Zone.
AREA_NOUNS = frozenset({
    "zone", "area", "sector", "quarter", "district", "region", "province", "suburbs", "suburb",
    "neighbourhood", "neighborhood", "front", "bank", "coast", "border", "highlands", "plains",
})
#: Words for a part of a town: the name beside them is no town elsewhere in the world.
QUARTER_WORDS = frozenset({
    "neighborhood", "neighbourhood", "colonia", "barangay", "quarter", "borough", "mahalla",
    "urbanization", "fraccionamiento", "sector",
})
#: Last words of street and building names ("North Street"): never a place's part.
STREET_WORDS = frozenset({
    "street", "st", "avenue", "ave", "road", "rd", "drive", "lane", "boulevard", "way", "side",
    "end", "park", "campus", "hall", "square", "place", "court", "highway", "bridge",
})
#: Last words of the names of natural features and parks ("Griffith Park", "Lake Robinson").
NATURAL_FEATURE_WORDS = frozenset({
    "park", "lake", "river", "creek", "mountain", "mountains", "hill", "hills", "forest", "valley",
    "island", "beach", "bay", "canyon", "falls", "springs", "reservoir", "dam", "trail",
})
#: Last words of facility names whose first words are no town they lie in.
FAC_NOT_NAMED_AFTER_A_TOWN = (STREET_WORDS | NATURAL_FEATURE_WORDS | CITY_WORDS | ADMIN_WORDS | AREA_NOUNS
                              | QUARTER_WORDS)
#: Prepositions before a name that make it a place when the model calls it something else.
PLACE_PREPS = frozenset({
    "in", "at", "near", "from", "across", "outside", "around", "to", "into", "throughout",
    "toward", "towards", "through", "via",
})
#: Nouns after a name that make it a home town: "an Alexandria woman", "the Columbia man".
RESIDENT_NOUNS = frozenset({
    "man", "woman", "men", "women", "teen", "teens", "teenager", "boy", "girl", "resident",
    "residents", "native", "youth", "homeowner", "homeowners",
})
#: Nouns before "of" that make the next name a place: "the town of Idleb", "the outskirts of Aden".
OF_PLACE_NOUNS = frozenset({
    "town", "village", "city", "area", "district", "province", "governorate", "region", "outskirts",
    "towns", "villages", "areas", "districts", "provinces", "neighbourhoods", "neighborhoods",
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
    "vicinity", "countryside", "suburb", "suburbs", "neighbourhood", "neighborhood", "municipality",
    "county", "state", "capital", "centre", "center", "port", "island", "prison", "camp",
})
#: Nouns for armed forces that act abroad as often as at home: their nationality says who
#: acts, not where ("Saudi-led coalition airstrikes", "Turkish forces shelled ...").
ARMED_NOUNS = frozenset({
    "force", "forces", "troops", "troop", "army", "military", "soldiers", "soldier", "jets", "jet",
    "aircraft", "aircrafts", "warplanes", "warplane", "drone", "drones", "coalition", "airstrike",
    "airstrikes", "strikes", "strike", "navy", "artillery", "militia", "militias", "fighters", "planes",
})
#: Words that open many organisations' names and happen to be some village's name too.
ORG_GENERIC_WORDS = PART_WORDS | STREET_WORDS | frozenset({
    "university", "college", "first", "federal", "national", "police", "capital", "region", "camp",
    "state", "county", "city", "united", "royal", "general", "union", "international", "global",
    "liberty", "victory", "providence", "mercy", "trinity", "unity", "hope", "grace", "heritage",
})
#: Words before a person's name: "coach Ripley", "President Obama", "Officer Bell".
TITLE_WORDS = frozenset({
    "mr", "mrs", "ms", "dr", "president", "coach", "officer", "sen", "senator", "rep",
    "representative", "gov", "governor", "judge", "justice", "sheriff", "deputy", "sgt", "sergeant",
    "lt", "lieutenant", "capt", "captain", "mayor", "commissioner", "detective", "trooper", "prof",
    "professor", "rev", "reverend", "pastor", "minister", "secretary", "ambassador", "gen", "col",
    "colonel", "cpl", "corporal", "pvt", "private", "councilman", "councilwoman", "superintendent",
    "principal", "attorney", "inspector", "spokesman", "spokeswoman", "chairman", "chairwoman",
    "defendant", "patrolman", "firefighter", "pope", "king", "queen", "prince", "princess", "sheikh",
})
#: Words that make a "person" the model found a place or a thing: "Rakhine State".
PERSON_NAME_NOT = ADMIN_WORDS | CITY_WORDS | AREA_NOUNS | STREET_WORDS | NATURAL_FEATURE_WORDS | frozenset({
    "mount", "fort", "port", "saint", "st", "san", "santa",
})

# -- for names no entity covers (gazetteer_names) --

#: Entity labels whose words a found name may take over: labels for numbers and times,
#: which the model gives to names it does not know ("in imphal last midnight").
OVERRIDABLE_LABELS = frozenset({"", "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})
#: Words before a name that put something in it.
LOCATIVE_WORDS = frozenset({
    "in", "at", "near", "from", "outside", "around", "across", "throughout", "into", "to", "toward",
    "towards", "via", "inside", "between", "under",
})
#: Nouns before "of" whose object is a place: "residents of X", "the village of X".
OF_NOUNS = frozenset({
    "residents", "resident", "people", "villagers", "inhabitants", "natives", "citizens", "youths",
    "town", "village", "city", "district", "province", "state", "region", "outskirts", "suburbs",
    "vicinity", "area", "municipality", "county", "capital", "centre", "center", "part", "parts",
    "villages", "towns", "districts", "provinces", "areas",
})
#: Words after a name that say it is a place: divisions, settlements and their parts.
PLACE_NOUNS_AFTER = frozenset({
    "district", "province", "state", "region", "county", "parish", "governorate", "municipality",
    "city", "town", "village", "villages", "area", "areas", "upazila", "upazilla", "tehsil", "taluka",
    "township", "woreda", "lga", "subdistrict", "sub-district", "division", "block", "mandal",
    "sadar", "bazar", "bazaar", "market", "neighbourhood", "neighborhood", "locality", "camp",
    "outskirts", "suburb", "border", "police", "airport", "junction", "crossing", "bypass",
})
#: Nouns for people after a name, which make it their home: "Patiala residents".
PEOPLE_AFTER = frozenset({
    "residents", "resident", "villagers", "people", "natives", "locals", "man", "woman", "men",
    "women", "youth", "youths", "boy", "girl", "family", "families",
})
#: Words after a name that make it part of a street's or a building's name ("Gillis Street").
NAME_PART_AFTER = STREET_WORDS | frozenset({
    "blvd", "school", "college", "university", "hospital", "church", "center", "centre", "company",
    "inc", "corp", "hotel", "club", "restaurant", "bar",
})
#: Words between a name and a place of the article that put the one inside the other.
CHAIN_WORDS = frozenset({",", "of", "in", "under", "("})


@functools.lru_cache(maxsize=1 << 16)
def zipf(words: str) -> float:
    """How common ``words`` are in English, on the Zipf scale (``wordfreq``; 0 if unseen)."""
    return zipf_frequency(words, "en")
