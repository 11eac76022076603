"""A 评分表 in the published layout: exported, imported with a preview, and refused row by row."""

from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from evaluations.models import IndicatorTemplate, TemplateStatus


def _workbook(rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(["2021年度项目支出绩效自评表"])
    sheet.append(
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ]
    )
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return SimpleUploadedFile("评分表.xlsx", out.getvalue())


# 一级 and 二级 left empty below their first row, as merged cells read.
COUNTY = [
    ["预算执行率", None, None, "100%", None, 20],
    ["产出指标", "数量指标", "新建数据库表数量", "120张", None, 10],
    [None, None, "接入部门数", "30个", None, 10],
    [None, "质量指标", "系统验收合格率", "100%", None, 10],
    [None, "时效指标", "按期完成率", "100%", None, 10],
    [None, "成本指标", "单位建设成本", "≤50万元", None, 10],
    ["效益指标", "社会效益指标", "数据共享调用次数", "100万次", None, 10],
    [None, "可持续影响指标", "长效运维机制健全性", "健全", None, 10],
    ["满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", None, 10],
    ["合计", None, None, None, None, 100],
]


def test_import_previews_then_creates_a_draft_tree(client, office_admin):
    client.force_login(office_admin)
    url = "/evaluations/templates/import/"
    data = {"name": "县级自评表", "family": "county", "kind": "self", "action": "preview"}
    response = client.post(url, data | {"file": _workbook(COUNTY)})
    assert response.status_code == 200
    body = response.content.decode()
    assert "产出指标 › 数量指标 › 接入部门数" in body
    assert not IndicatorTemplate.objects.filter(family="county").exists(), "a preview saves nothing"
    signed = response.context["signed"]
    response = client.post(url, {"action": "create", "signed": signed})
    template = IndicatorTemplate.objects.get(family="county")
    assert response.status_code == 302 and response["Location"].endswith(f"/templates/{template.pk}/edit/")
    assert template.status == TemplateStatus.DRAFT
    leaves = {i.name: i for i in template.indicators.filter(is_leaf=True)}
    assert len(leaves) == 9 and leaves["接入部门数"].level == 3
    assert leaves["接入部门数"].parent.name == "数量指标"
    assert leaves["预算执行率"].level == 1 and leaves["预算执行率"].source == "budget_execution"
    cost = leaves["单位建设成本"]
    assert (cost.method, cost.target, cost.unit, cost.lower_is_better) == (
        "proportional",
        Decimal("50"),
        "万元",
        True,
    )
    assert leaves["长效运维机制健全性"].method == "banded"
    assert template.indicators.get(name="产出指标").level == 1
    from evaluations.services.templates import template_complete

    template_complete(template=template)


def test_import_lists_every_bad_row_and_creates_nothing(client, office_admin):
    client.force_login(office_admin)
    rows = [
        ["产出指标", "数量指标", "甲", "10个", None, "-5"],
        [None, None, "乙", "10个", None, "1.234"],
        [None, None, "丙", "10个", None, None],
        [None, None, "丁", "10个", None, "十"],
    ]
    data = {"name": "坏表", "family": "bad", "kind": "self", "action": "preview", "file": _workbook(rows)}
    response = client.post("/evaluations/templates/import/", data)
    assert response.status_code == 400
    body = response.content.decode()
    for text in (
        "Row 3: Points cannot be negative",
        "Row 4: Points have at most two decimals",
        "Row 5: The points (分值) are missing",
        "Row 6: The points (分值) “十” are not a number",
    ):
        assert text in body
    assert not IndicatorTemplate.objects.filter(family="bad").exists()


def test_a_template_exported_imports_back_to_the_same_tree(client, office_admin, external_template):
    client.force_login(office_admin)
    exported = client.get(f"/evaluations/templates/{external_template.pk}/export/")
    assert exported.status_code == 200
    upload = SimpleUploadedFile("external.xlsx", exported.content)
    data = {"name": "回导", "family": "roundtrip", "kind": "external", "action": "preview", "file": upload}
    response = client.post("/evaluations/templates/import/", data)
    assert response.status_code == 200, response.context["errors"]
    client.post("/evaluations/templates/import/", {"action": "create", "signed": response.context["signed"]})
    copy = IndicatorTemplate.objects.get(family="roundtrip")

    def shape(t):
        return [(i.level, i.name, i.points) for i in t.indicators.order_by("order")]

    assert shape(copy) == shape(external_template)
