"""What the API reads and writes, field by field.

The input serializers only turn JSON into the services' frozen inputs
(:class:`~tallrapport.cases.rules.CaseInput`,
:class:`~tallrapport.activities.services.ActivityInput`): a code into its
classification, a country name or ISO code into its country (the form's own
lookup). Every rule that decides whether the record may be saved is the
service's, so the API can refuse nothing the form accepts and accept nothing
it refuses.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tallrapport.accounts.models import User
from tallrapport.accounts.selectors import units_of_user
from tallrapport.activities.models import Activity, ActivityType, PartnerKind, TargetGroup, Topic
from tallrapport.activities.services import ActivityInput
from tallrapport.cases.models import (
    AgeGroup,
    Case,
    Category,
    Family,
    Gender,
    GuidedPerson,
    ReferralSource,
)
from tallrapport.cases.rules import CaseInput
from tallrapport.cases.selectors import country_from_text, families_of_units

NEW_FAMILY = "ny"


def _codes(choices: Any) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=choices), default=list, max_length=30
    )


class CodeField(serializers.SlugRelatedField[Any]):
    """A classification by its code.

    No code holds a NUL character, and PostgreSQL refuses to compare text that
    does (a server error, where SQLite simply finds nothing): such a value is
    refused here as unknown, before any query.
    """

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)


class UnitRef(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    name = serializers.CharField()


class CaseOut(serializers.Serializer[Case]):
    id = serializers.UUIDField()
    scheme = serializers.CharField(source="scheme.code")
    unit = UnitRef()
    registered_on = serializers.DateField()
    year = serializers.IntegerField()
    half_year = serializers.IntegerField()
    main_category = serializers.CharField(source="main_category.code")
    secondary_categories = serializers.SerializerMethodField()
    gender = serializers.ChoiceField(choices=Gender.choices)
    age_group = serializers.ChoiceField(choices=AgeGroup.choices)
    country = serializers.CharField(source="country.code")
    reported_by = serializers.CharField(source="reported_by.code")
    guided = serializers.ChoiceField(choices=GuidedPerson.choices)
    family = serializers.UUIDField(source="family_id", allow_null=True)
    version = serializers.IntegerField()
    created_at = serializers.DateTimeField()

    def get_secondary_categories(self, case: Case) -> list[str]:
        return sorted(c.code for c in case.secondary_categories.all())


class CaseIn(serializers.Serializer[Any]):
    """A new case. Codes as in ``/api/v1/kodeverk/``; the country as its name or ISO code."""

    registered_on = serializers.DateField()
    unit = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="Enheten, når rådgiveren var ved flere enheter på datoen.",
    )
    main_category = CodeField(
        slug_field="code",
        queryset=Category.objects.all(),
        error_messages={"does_not_exist": _("Ukjent kategori «{value}».")},
    )
    secondary_categories = serializers.ListField(
        child=CodeField(
            slug_field="code",
            queryset=Category.objects.all(),
            error_messages={"does_not_exist": _("Ukjent kategori «{value}».")},
        ),
        default=list,
        max_length=30,
    )
    gender = serializers.ChoiceField(choices=Gender.choices)
    age_group = serializers.ChoiceField(choices=AgeGroup.choices)
    country = serializers.CharField(max_length=120, help_text="Landets navn eller ISO-kode.")
    reported_by = CodeField(
        slug_field="code",
        queryset=ReferralSource.objects.all(),
        error_messages={"does_not_exist": _("Ukjent «meldt av» «{value}».")},
    )
    guided = serializers.ChoiceField(choices=GuidedPerson.choices, default=GuidedPerson.EXPOSED)
    family = serializers.CharField(
        required=False,
        allow_null=True,
        max_length=40,
        help_text=(
            "Et sakskompleks (id) ved enheten, eller «ny» for et nytt (bare spesialutsendinger)."
        ),
    )

    def validate_country(self, text: str) -> Any:
        country = country_from_text(text)
        if country is None:
            raise serializers.ValidationError(
                _("Fant ikke landet «%(text)s». Bruk navnet eller ISO-koden, eller «Ukjent».")
                % {"text": text.strip()}
            )
        return country

    def case_input(self, user: User) -> CaseInput:
        data = self.validated_data
        family, new_family = _family(user, data.get("family"))
        return CaseInput(
            registered_on=data["registered_on"],
            main_category=data["main_category"],
            secondary_categories=tuple(data["secondary_categories"]),
            gender=data["gender"],
            age_group=data["age_group"],
            country=data["country"],
            reported_by=data["reported_by"],
            guided=data["guided"],
            family=family,
            new_family=new_family,
        )


def _family(user: User, value: str | None) -> tuple[Family | None, bool]:
    """The family the advisor named, among those of their units (as the form offers them)."""
    if not value:
        return None, False
    if value == NEW_FAMILY:
        return None, True
    for family in families_of_units(units_of_user(user=user)):
        if str(family.pk) == value:
            return family, False
    raise serializers.ValidationError({"family": [_("Velg et sakskompleks fra listen.")]})


class ActivityOut(serializers.Serializer[Activity]):
    id = serializers.UUIDField()
    scheme = serializers.CharField(source="scheme.code")
    unit = UnitRef()
    date = serializers.DateField()
    year = serializers.IntegerField()
    activity_type = serializers.ChoiceField(choices=ActivityType.choices)
    target_groups = serializers.SerializerMethodField()
    topics = serializers.SerializerMethodField()
    partners = serializers.SerializerMethodField()
    participants = serializers.IntegerField(allow_null=True)
    hours = serializers.DecimalField(max_digits=5, decimal_places=1)
    municipality = serializers.CharField()
    version = serializers.IntegerField()
    created_at = serializers.DateTimeField()

    def get_target_groups(self, activity: Activity) -> list[str]:
        return sorted(row.code for row in activity.target_groups.all())

    def get_topics(self, activity: Activity) -> list[str]:
        return sorted(row.code for row in activity.topics.all())

    def get_partners(self, activity: Activity) -> list[str]:
        return sorted(row.code for row in activity.partners.all())


class ActivityIn(serializers.Serializer[Any]):
    """A new activity: codes of the lists in ``/api/v1/kodeverk/``."""

    date = serializers.DateField()
    unit = serializers.UUIDField(required=False, allow_null=True)
    activity_type = serializers.ChoiceField(choices=ActivityType.choices)
    target_groups = _codes(TargetGroup.choices)
    participants = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=2**31 - 1
    )
    # Wide on purpose: the service says what an hour count may be, in its own words.
    hours = serializers.DecimalField(max_digits=12, decimal_places=6)
    topics = _codes(Topic.choices)
    partners = _codes(PartnerKind.choices)
    municipality = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )

    def activity_input(self) -> ActivityInput:
        data = self.validated_data
        return ActivityInput(
            date=data["date"],
            activity_type=data["activity_type"],
            target_groups=tuple(data["target_groups"]),
            participants=data.get("participants"),
            hours=Decimal(data["hours"]),
            topics=tuple(data["topics"]),
            partners=tuple(data["partners"]),
            municipality=data["municipality"],
        )


class YearFilter(serializers.Serializer[Any]):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    page = serializers.IntegerField(required=False, min_value=1, max_value=1_000_000)
