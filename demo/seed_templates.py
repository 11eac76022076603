"""The two default indicator templates of PRODUCT.md (财预〔2020〕10号). Idempotent."""

from decimal import Decimal

from django.db import transaction

from evaluations.models import IndicatorTemplate, ScoringMethod, TemplateKind
from evaluations.services import IndicatorSpec, template_create

Q, L, S = ScoringMethod.PROPORTIONAL, ScoringMethod.BANDED, ScoringMethod.MANUAL
# Indicators whose actual value the product computes (evaluations.computed), scored against 100 %.
SOURCES = {
    "预算执行率": "budget_execution",
    "资金到位率": "funds_arrival",
    "完成及时性": "on_time",
    "成本节约率": "cost_saving",
}


def leaf(name: str, points: str, method: str, key_points: str) -> IndicatorSpec:
    extra = {}
    if method == Q:
        extra = {"target": Decimal("100"), "unit": "%", "source": SOURCES.get(name, "")}
    return IndicatorSpec(name=name, points=Decimal(points), method=method, key_points=key_points, **extra)


def node(name: str, *children: IndicatorSpec) -> IndicatorSpec:
    return IndicatorSpec(name=name, children=children)


OUTPUT = node(
    "产出",
    node("产出数量", leaf("实际完成率", "8", Q, "实际完成数 ÷ 计划数 × 100%")),
    node("产出质量", leaf("质量达标率", "8", Q, "质量达标的产出数 ÷ 实际产出数 × 100%")),
    node("产出时效", leaf("完成及时性", "7", Q, "是否按计划时间完成，按及时完成比例计分")),
    node("产出成本", leaf("成本节约率", "7", Q, "(计划成本 − 实际成本) ÷ 计划成本 × 100%")),
)

EXTERNAL = [
    node(
        "决策",
        node(
            "项目立项",
            leaf("立项依据充分性", "4", L, "是否符合法律法规、发展规划和部门职责"),
            leaf("立项程序规范性", "4", L, "是否按规定程序申请设立，审批文件、材料是否完整"),
        ),
        node(
            "绩效目标",
            leaf("绩效目标合理性", "3", L, "目标是否与实际工作内容相关、与预算资金量匹配"),
            leaf("绩效指标明确性", "3", L, "目标是否细化为清晰、可衡量的指标值"),
        ),
        node(
            "资金投入",
            leaf("预算编制科学性", "3", L, "预算是否经过论证、内容与项目内容匹配"),
            leaf("资金分配合理性", "3", L, "分配依据是否充分、额度与实际相适应"),
        ),
    ),
    node(
        "过程",
        node(
            "资金管理",
            leaf("资金到位率", "4", Q, "实际到位资金 ÷ 预算资金 × 100%"),
            leaf("预算执行率", "4", Q, "实际支出资金 ÷ 实际到位资金 × 100%"),
            leaf("资金使用合规性", "4", L, "是否符合财务管理制度和资金管理办法，有无截留、挪用"),
        ),
        node(
            "组织实施",
            leaf("管理制度健全性", "4", L, "业务、财务管理制度是否健全"),
            leaf("制度执行有效性", "4", L, "是否遵守制度，合同、验收等资料是否齐全"),
        ),
    ),
    OUTPUT,
    node(
        "效益",
        node(
            "项目效益",
            leaf("经济效益", "6", L, "项目实施产生的直接或间接经济效益"),
            leaf("社会效益", "6", L, "项目实施对社会发展产生的影响"),
            leaf("生态效益", "6", L, "项目实施对生态环境产生的影响"),
            leaf("可持续影响", "6", L, "项目效益能否持续发挥，长效机制是否健全"),
            leaf("服务对象满意度", "6", S, "满意度调查结果：满意人数 ÷ 调查人数 × 100%"),
        ),
    ),
]

SELF = [
    leaf("预算执行率", "10", Q, "实际支出资金 ÷ 实际到位资金 × 100%"),
    node(
        "产出",
        node("产出数量", leaf("实际完成率", "15", Q, "实际完成数 ÷ 计划数 × 100%")),
        node("产出质量", leaf("质量达标率", "15", Q, "质量达标的产出数 ÷ 实际产出数 × 100%")),
        node("产出时效", leaf("完成及时性", "10", Q, "是否按计划时间完成")),
        node("产出成本", leaf("成本节约率", "10", Q, "(计划成本 − 实际成本) ÷ 计划成本 × 100%")),
    ),
    node(
        "效益",
        node(
            "项目效益",
            leaf("经济效益", "10", L, "项目实施产生的直接或间接经济效益"),
            leaf("社会效益", "10", L, "项目实施对社会发展产生的影响"),
            leaf("可持续影响", "10", L, "项目效益能否持续发挥"),
        ),
    ),
    leaf("服务对象满意度", "10", S, "满意度调查结果：满意人数 ÷ 调查人数 × 100%"),
]

TEMPLATES = [
    ("external", "第三方绩效评价指标体系", TemplateKind.EXTERNAL, EXTERNAL),
    ("self", "单位绩效自评指标体系", TemplateKind.SELF, SELF),
]


@transaction.atomic
def seed_indicator_templates() -> int:
    """Create version 1 of each default template if missing; returns how many were created."""
    created = 0
    for family, name, kind, indicators in TEMPLATES:
        if not IndicatorTemplate.objects.filter(family=family).exists():
            template_create(
                family=family,
                name=name,
                kind=kind,
                indicators=indicators,
                description="财预〔2020〕10号 项目支出绩效评价",
            )
            created += 1
    return created
