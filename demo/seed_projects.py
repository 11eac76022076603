"""Reference data from the article: the four groups, the 15 named projects, the funding sources.

The article (../shared/seeds) names 15 of its 17 projects; the office adds the other two itself,
so no names are invented here."""

from django.db import transaction

from projects.models import DataOrigin, FundingSource, Project, ProjectGroup

GROUPS = [
    ("platform", "综合平台", "Integrated platform"),
    ("livelihood", "民生应用", "Livelihood applications"),
    ("government", "政务服务", "Government services"),
    ("city", "城市管理", "City management"),
]

PROJECTS = [
    ("P01", "城市公共数据库", "City public database", "platform"),
    ("P02", "城市公共信息平台", "City public information platform", "platform"),
    ("P03", "城市公共服务体系", "City public service system", "platform"),
    ("P04", "智慧社区", "Smart community", "livelihood"),
    ("P05", "智慧交通", "Smart transport", "livelihood"),
    ("P06", "智慧卫生", "Smart health", "livelihood"),
    ("P07", "智慧旅游", "Smart tourism", "livelihood"),
    ("P08", "智慧教育", "Smart education", "livelihood"),
    ("P09", "智慧政务", "Smart government affairs", "government"),
    ("P10", "智慧国土", "Smart land resources", "government"),
    ("P11", "智慧规划", "Smart planning", "government"),
    ("P12", "智慧应急", "Smart emergency response", "government"),
    ("P13", "智慧建设", "Smart construction", "city"),
    ("P14", "智慧城管", "Smart urban management", "city"),
    ("P15", "智慧生态节能", "Smart ecology and energy saving", "city"),
]

FUNDING_SOURCES = [
    ("municipal", "市级财政资金", "Municipal fiscal funds", True),
    ("provincial", "省级及中央资金", "Provincial and central funds", True),
    ("social", "社会资本", "Social capital", False),
    ("enterprise", "企业自筹", "Enterprise self-funded", False),
]


@transaction.atomic
def seed_portfolio() -> dict[str, int]:
    """Create what is missing; never overwrite what the office has changed. Returns counts created."""
    created = {"groups": 0, "projects": 0, "funding_sources": 0}
    groups = {}
    for order, (code, name, name_en) in enumerate(GROUPS, start=1):
        groups[code], was_created = ProjectGroup.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": order}
        )
        created["groups"] += was_created
    for code, name, name_en, group_code in PROJECTS:
        _, was_created = Project.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "group": groups[group_code],
                "origin": DataOrigin.SEED,
            },
        )
        created["projects"] += was_created
    for order, (code, name, name_en, is_fiscal) in enumerate(FUNDING_SOURCES, start=1):
        _, was_created = FundingSource.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "is_fiscal": is_fiscal, "order": order}
        )
        created["funding_sources"] += was_created
    return created
