"""The shapes of the public answers, for the schema: what a client may rely on.

The public views build plain dicts (:mod:`tallrapport.api.editions`); these
serializers only describe them, so that the OpenAPI schema states every field
and schemathesis holds each answer to it.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class Coded(serializers.Serializer[Any]):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]


class Earlier(serializers.Serializer[Any]):
    edition = serializers.CharField(help_text="Tittelen på utgaven som trykte tallet før.")
    value = serializers.IntegerField()


class Revision(serializers.Serializer[Any]):
    row = serializers.CharField()
    column = serializers.CharField()
    value = serializers.IntegerField()
    before = Earlier(many=True)


class EditionRef(serializers.Serializer[Any]):
    slug = serializers.CharField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    source = serializers.ChoiceField(choices=["historisk", "tallrapport"])  # type: ignore[assignment]
    published_at = serializers.DateTimeField(
        allow_null=True, help_text="Tom for utgaver publisert før Tallrapport (transkribert)."
    )


class EditionListed(EditionRef):
    url = serializers.URLField()


class TableLink(serializers.Serializer[Any]):
    scheme = serializers.CharField()
    scheme_name = serializers.CharField()
    table = serializers.CharField()
    title = serializers.CharField()
    json = serializers.URLField()
    csv = serializers.URLField()
    json_stat = serializers.URLField()


class SchemeRevision(Revision):
    scheme = serializers.CharField()
    table = serializers.CharField()


class EditionDetail(EditionRef):
    based_on = serializers.ListField(child=serializers.CharField())
    texts = serializers.DictField(
        child=serializers.DictField(child=serializers.CharField(allow_blank=True)),
        help_text="Avsnittene slik de ble publisert, per ordning.",
    )
    tables = TableLink(many=True)
    revisions = SchemeRevision(many=True)
    csv = serializers.URLField()
    source = serializers.CharField()  # type: ignore[assignment]


class TableCell(serializers.Serializer[Any]):
    row = serializers.CharField()
    column = serializers.CharField()
    value = serializers.IntegerField(allow_null=True, help_text="null når tallet ikke er trykt.")
    status = serializers.ChoiceField(
        choices=["*", "..", ".", "r"],
        allow_null=True,
        help_text="«*» skjult, «..» ikke trykt, «.» kategorien fantes ikke, «r» revidert.",
    )


class TableJson(serializers.Serializer[Any]):
    edition = EditionRef()
    scheme = serializers.CharField()
    table = serializers.CharField()
    title = serializers.CharField()
    row_title = serializers.CharField()
    rows = Coded(many=True)
    columns = Coded(many=True)
    cells = TableCell(many=True)
    notes = serializers.ListField(child=serializers.CharField())
    revisions = Revision(many=True)
    source = serializers.CharField()  # type: ignore[assignment]


class JsonStatDataset(serializers.Serializer[Any]):
    """A JSON-stat 2.0 dataset (https://json-stat.org/full/)."""

    version = serializers.ChoiceField(choices=["2.0"])
    class_ = serializers.ChoiceField(choices=["dataset"])
    label = serializers.CharField()  # type: ignore[assignment]
    source = serializers.CharField()  # type: ignore[assignment]
    updated = serializers.DateTimeField(required=False)
    id = serializers.ListField(child=serializers.CharField())
    size = serializers.ListField(child=serializers.IntegerField())
    role = serializers.DictField(required=False)
    dimension = serializers.DictField()
    value = serializers.ListField(child=serializers.IntegerField(allow_null=True))
    status = serializers.DictField(child=serializers.CharField(), required=False)
    note = serializers.ListField(child=serializers.CharField())
    extension = serializers.DictField()

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # «class» is a Python keyword; the field is named so in the JSON.
        fields = super().get_fields()
        fields["class"] = fields.pop("class_")
        return fields
