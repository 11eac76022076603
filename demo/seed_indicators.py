"""The article's 2013 figures as the first observations of nine city indicators.

Only what the article (../shared/seeds) states: no baseline before 2013, no target (the article
sets none; the office adds targets), no reporting department (the article names none). "Over 30 %"
is stored as a lower bound. The links name the seeded projects the office expects to move each
figure; the GDP is context and moves with no single project. Nothing is public until the office
says so."""

import datetime
from decimal import Decimal

from django.db import transaction

from indicators.models import Bound, Dimension, Frequency, Indicator, IndicatorLink, Observation
from projects.models import DataOrigin, Project

ARTICLE = "《智慧南通实现绿色智能可持续发展》（南通市智慧城市建设领导小组办公室）"
END_OF_2013 = datetime.date(2013, 12, 31)

# code, name, English name, unit, dimension, value, bound, note (the article's words), linked projects
INDICATORS = [
    (
        "metro-egress",
        "全市城域网出口带宽",
        "Metropolitan network egress bandwidth",
        "Gbit/s",
        Dimension.INFRASTRUCTURE,
        "820",
        Bound.EXACT,
        "2013年，全市城域网出口带宽达到820G",
        ["P02"],
    ),
    (
        "4g-coverage",
        "移动4G网络主城区覆盖率",
        "4G mobile coverage of the main urban area",
        "%",
        Dimension.INFRASTRUCTURE,
        "100",
        Bound.EXACT,
        "移动4G网络主城区实现全覆盖",
        ["P03"],
    ),
    (
        "cloud-racks",
        "苏通产业园云计算中心机柜数",
        "Racks of the Sutong Park cloud-computing centre",
        "个",
        Dimension.INFRASTRUCTURE,
        "1500",
        Bound.EXACT,
        "拥有1500个机柜……已具备运营条件",
        ["P01", "P02"],
    ),
    (
        "cloud-server-capacity",
        "苏通产业园云计算中心可容纳服务器数",
        "Server capacity of the Sutong Park cloud-computing centre",
        "台",
        Dimension.INFRASTRUCTURE,
        "25000",
        Bound.EXACT,
        "可容纳25000台服务器（容量，不是在用台数）",
        ["P01", "P02"],
    ),
    (
        "cloud-egress",
        "苏通产业园云计算中心出口带宽",
        "Egress bandwidth of the Sutong Park cloud-computing centre",
        "Gbit/s",
        Dimension.INFRASTRUCTURE,
        "200",
        Bound.EXACT,
        "出口带宽达到200G",
        ["P01", "P02"],
    ),
    (
        "3g-user-growth",
        "3G用户增幅",
        "Growth of 3G users",
        "%",
        Dimension.INFORMATION,
        "30",
        Bound.AT_LEAST,
        "3G、互联网、IPTV用户增幅均超过30%（下限）",
        ["P03"],
    ),
    (
        "internet-user-growth",
        "互联网用户增幅",
        "Growth of internet users",
        "%",
        Dimension.INFORMATION,
        "30",
        Bound.AT_LEAST,
        "3G、互联网、IPTV用户增幅均超过30%（下限）",
        ["P03"],
    ),
    (
        "iptv-user-growth",
        "IPTV用户增幅",
        "Growth of IPTV users",
        "%",
        Dimension.INFORMATION,
        "30",
        Bound.AT_LEAST,
        "3G、互联网、IPTV用户增幅均超过30%（下限）",
        ["P04"],
    ),
    (
        "gdp",
        "地区生产总值",
        "Gross domestic product of the city",
        "亿元",
        Dimension.INNOVATION,
        "5020",
        Bound.EXACT,
        "2013年，南通的地区生产总值达到5020亿元",
        [],
    ),
]


@transaction.atomic
def seed_indicators() -> dict[str, int]:
    """Create what is missing; never overwrite what the office has changed. Returns counts created."""
    created = {"indicators": 0, "observations": 0, "links": 0}
    projects = {project.code: project for project in Project.objects.filter(origin=DataOrigin.SEED)}
    for code, name, name_en, unit, dimension, value, bound, note, links in INDICATORS:
        indicator, was_created = Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "unit": unit,
                "dimension": dimension,
                "frequency": Frequency.YEARLY,
                "data_source": ARTICLE,
                "origin": DataOrigin.SEED,
            },
        )
        created["indicators"] += was_created
        _observation, was_created = Observation.objects.get_or_create(
            indicator=indicator,
            observed_on=END_OF_2013,
            defaults={
                "value": Decimal(value),
                "bound": bound,
                "source": ARTICLE,
                "note": note,
                "origin": DataOrigin.SEED,
            },
        )
        created["observations"] += was_created
        for project_code in links:
            if project_code in projects:
                _link, was_created = IndicatorLink.objects.get_or_create(
                    indicator=indicator, project=projects[project_code]
                )
                created["links"] += was_created
    return created
