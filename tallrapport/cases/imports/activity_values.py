"""Reading an activity's coded values from the words the advisors' sheets use:
the type, target groups, topics and partner kinds, each by its label, its
code or a common other word («foredrag», «lærere», «TVE»)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from tallrapport.activities.models import ActivityType, PartnerKind, TargetGroup, Topic
from tallrapport.cases.imports.values import Level, Names

TYPE_WORDS = {
    ActivityType.COURSE: (
        "kurs",
        "foredrag",
        "fagdag",
        "kurs foredrag",
        "opplæring",
        "kompetanseheving",
    ),
    ActivityType.CONVERSATION_GROUP: (
        "samtalegruppe",
        "samtalegrupper",
        "jentegruppe",
        "guttegruppe",
    ),
    ActivityType.TEACHING: ("undervisning", "undervisningsopplegg", "klasseundervisning"),
    ActivityType.PARENTS_MEETING: ("foreldremøte", "foreldremøter", "foreldrekveld"),
    ActivityType.NETWORK_MEETING: ("nettverksmøte", "nettverksmøter", "nettverk"),
    ActivityType.CONFERENCE: ("konferanse", "seminar"),
    ActivityType.STAND: ("stand",),
    ActivityType.MEDIA: ("media", "intervju", "avis", "radio", "tv"),
    ActivityType.UNG_NO: ("ung.no", "ungno", "svar på ung.no"),
    ActivityType.PROFESSIONAL_NOTE: ("fagnotat", "notat"),
    ActivityType.COMPETENCE_WEEK: ("kompetansehevingsuke", "kompetanseuke"),
}
TARGET_WORDS = {
    TargetGroup.PUPILS: ("elev", "elever"),
    TargetGroup.PARENTS: ("foreldre", "foresatte"),
    TargetGroup.SCHOOL_STAFF: ("skoleansatte", "lærere", "ansatte", "lærer", "skolens ansatte"),
    TargetGroup.CHILD_WELFARE: ("barnevern", "barnevernet"),
    TargetGroup.NAV: ("nav",),
    TargetGroup.ADULT_EDUCATION: ("voksenopplæring", "voksenopplæringen"),
    TargetGroup.REFUGEE_SERVICE: ("flyktningtjeneste", "flyktningtjenesten"),
    TargetGroup.POLICE: ("politi", "politiet"),
    TargetGroup.HEALTH: ("helse", "helsetjenesten", "helsesykepleiere"),
    TargetGroup.VOLUNTARY: ("frivillige", "frivillige organisasjoner"),
    TargetGroup.IMMIGRANT_ORGANISATIONS: ("innvandrerorganisasjoner",),
    TargetGroup.FOREIGN_SERVICE: ("utenrikstjenesten", "ambassade", "ambassaden"),
    TargetGroup.PUBLIC: ("allmennheten", "publikum"),
}
TOPIC_WORDS = {
    Topic.NEGATIVE_SOCIAL_CONTROL: ("nsk", "negativ sosial kontroll"),
    Topic.HONOUR_VIOLENCE: ("æresrelatert vold", "ærv"),
    Topic.FORCED_MARRIAGE: ("tvangsekteskap", "tve"),
    Topic.FGM: ("kjønnslemlestelse", "kll"),
    Topic.INVOLUNTARY_STAY_ABROAD: ("ufrivillig utenlandsopphold", "ufrivillig opphold i utlandet"),
    Topic.GENDER_SEXUALITY: ("kjønns og seksualitetsmangfold", "seksualitet", "lhbt", "lhbtiq"),
    Topic.RACISM: ("rasisme", "diskriminering", "rasisme og diskriminering"),
}
PARTNER_WORDS = {
    PartnerKind.MUNICIPALITY: ("kommune", "kommunen"),
    PartnerKind.COUNTY: ("fylkeskommune", "fylkeskommunen", "fylket"),
    PartnerKind.SCHOOL: ("skole", "skolen"),
    PartnerKind.IMDI: ("imdi", "imdis fagteam", "fagteamet"),
    PartnerKind.COMPETENCE_TEAM: ("kompetanseteamet",),
    PartnerKind.CHILD_WELFARE: ("barnevern", "barnevernet"),
    PartnerKind.NAV: ("nav",),
    PartnerKind.POLICE: ("politi", "politiet"),
    PartnerKind.HEALTH: ("helse", "helsetjeneste", "helsetjenesten"),
    PartnerKind.VOLUNTARY: ("frivillig", "frivillig organisasjon"),
    PartnerKind.IMMIGRANT_ORGANISATION: ("innvandrerorganisasjon",),
    PartnerKind.OTHER_PUBLIC: ("annen offentlig etat", "annen etat"),
}


def _names(
    what: str, choices: type[models.TextChoices], words: dict[Any, tuple[str, ...]]
) -> Names[Level]:
    names: Names[Level] = Names(what)
    for choice in choices:
        level = Level(str(choice.value), str(choice.label))
        for spelling in (level.name, level.code, *words.get(choice, ())):
            names.add(spelling, level, code=level.code, label=level.name)
    return names


@dataclass
class ActivityLookups:
    types: Names[Level]
    target_groups: Names[Level]
    topics: Names[Level]
    partners: Names[Level]

    @classmethod
    def load(cls) -> ActivityLookups:
        return cls(
            types=_names(_("aktivitetstypen"), ActivityType, TYPE_WORDS),
            target_groups=_names(_("målgruppen"), TargetGroup, TARGET_WORDS),
            topics=_names(_("temaet"), Topic, TOPIC_WORDS),
            partners=_names(_("samarbeidspartneren"), PartnerKind, PARTNER_WORDS),
        )
