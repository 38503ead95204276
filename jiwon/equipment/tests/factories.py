from datetime import time

import factory

from jiwon.equipment.models import EquipmentKind, Resource, ResourceCategory, Site
from jiwon.programs.tests.factories import AgencyFactory


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    agency = factory.SubFactory(AgencyFactory)
    name_ko = "전자부품 소공인 특화지원센터"
    name_en = "Electronic-parts small manufacturers' centre"


class KindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EquipmentKind
        django_get_or_create = ("code",)

    code = "network-analyser"
    name_ko = "네트워크 분석기"
    name_en = "Network analyser"


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    site = factory.SubFactory(SiteFactory)
    category = ResourceCategory.EQUIPMENT
    kind = factory.SubFactory(KindFactory)
    name_ko = factory.Sequence(lambda n: f"네트워크 분석기 {n + 1}호기")
    opens_at = time(9, 0)
    closes_at = time(18, 0)
    slot_minutes = 30
    min_minutes = 30
    max_minutes = 240
    min_notice_minutes = 60
    max_ahead_days = 30
