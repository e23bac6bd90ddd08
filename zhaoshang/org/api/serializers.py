"""Industry groups and units over the API (the office changes them; everyone reads their scope)."""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import IndustryGroup, Unit


class GroupSerializer(serializers.ModelSerializer):
    lead_unit = serializers.CharField(source="lead_unit.name", read_only=True, help_text="牵头单位")
    co_units = serializers.SerializerMethodField(help_text="协办单位，按附件1的顺序")

    class Meta:
        model = IndustryGroup
        fields = ["id", "code", "name", "lead_unit", "co_units", "commander"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_co_units(self, group):
        # Read from the prefetched links (co_unit_names() would query once per group).
        return [link.unit.name for link in group.co_unit_links.all()]


class GroupChangeSerializer(serializers.Serializer):
    """PATCH /api/groups/{code}/: what the office may change; what is left out stays."""

    lead_unit = serializers.CharField(required=False, help_text="牵头单位名称（须已登记）")
    co_units = serializers.ListField(child=serializers.CharField(), required=False,
                                     help_text="协办单位名称，按附件1的顺序（须已登记）")
    commander = serializers.CharField(required=False, allow_blank=True, help_text="指挥长")
    reason = serializers.CharField(required=False, allow_blank=True, help_text="变更说明")


class UnitSerializer(serializers.ModelSerializer):
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True,
                                   help_text="变更说明（更名时）")

    class Meta:
        model = Unit
        fields = ["id", "name", "reason"]
        # The service says in Chinese why a name is taken; the model's own check would not.
        extra_kwargs = {"name": {"validators": []}}
