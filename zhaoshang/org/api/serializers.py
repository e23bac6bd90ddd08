"""Industry groups over the API (read-only: the office configures them)."""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import IndustryGroup


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
