import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from msoffcrypto.format.ooxml import OOXMLFile

from exchange.sheets import Kind
from projects.models import BudgetLine, Milestone, Project, ProjectGroup, Stage
from tests.exchange.workbooks import upload, with_macros, xlsx
from tests.projects.factories import BudgetLineFactory, FundingSourceFactory, MilestoneFactory


def _upload(client, content, *, kind=Kind.PROJECTS, name="data.xlsx"):
    return client.post(reverse("exchange:import"), {"kind": kind.value, "file": upload(content, name)})


def _preview(client, content, *, kind=Kind.PROJECTS):
    response = _upload(client, content, kind=kind)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"], client.get(response["Location"])


def _export(client, kind, query=""):
    response = client.get(reverse("exchange:export", args=[kind.value]) + query)
    assert response.status_code == 200
    return response.content


def _history_counts():
    return (
        Project.history.count(),
        BudgetLine.history.count(),
        Milestone.history.count(),
    )


def _stored_files(media_root):
    return list((media_root / "imports").glob("*")) if (media_root / "imports").exists() else []


@pytest.mark.parametrize("kind", [Kind.PROJECTS, Kind.BUDGET_LINES, Kind.MILESTONES])
def test_export_then_import_of_the_same_file_changes_nothing(client, office_staff, portfolio, kind):
    project = Project.objects.get(code="P01")
    BudgetLineFactory(
        project=project, source=FundingSourceFactory(code="city", name="市级财政"), partly_allocated=True
    )
    BudgetLineFactory(
        project=project, year=2026, approved=Decimal("12.34"), allocated=Decimal("0"), partly_allocated=True
    )
    MilestoneFactory(
        project=project,
        planned_date=datetime.date(2025, 6, 30),
        status="done",
        actual_date=datetime.date(2025, 7, 1),
    )
    MilestoneFactory(
        project=project, planned_date=datetime.date(2025, 6, 30), status="waived", waived_reason="合并建设"
    )
    client.force_login(office_staff)
    exported = _export(client, kind)
    before = _history_counts()

    location, preview = _preview(client, exported, kind=kind)

    plan = preview.context["plan"]
    assert plan.errors == []
    assert plan.count("unchanged") == len(plan.rows) > 0
    response = client.post(location)
    assert response.status_code == 302
    assert _history_counts() == before


def test_import_creates_rows_and_reimport_changes_nothing(client, office_staff, portfolio):
    group = ProjectGroup.objects.first()
    content = xlsx(
        [
            [
                "NEW1",
                "新项目一",
                "",
                group.name,
                "",
                "",
                "",
                "",
                "是",
                "",
                "",
                "2026-01-01",
                "2026-12-31",
                1500000.5,
            ]
        ],
        kind=Kind.PROJECTS,
    )
    client.force_login(office_staff)
    location, _ = _preview(client, content)
    assert client.post(location).status_code == 302
    created = Project.objects.get(code="NEW1")
    assert created.is_key and created.estimated_budget == Decimal("1500000.50")
    assert created.planned_end == datetime.date(2026, 12, 31)
    version = created.version

    location, preview = _preview(client, content)
    assert preview.context["plan"].count("unchanged") == 1
    client.post(location)
    created.refresh_from_db()
    assert created.version == version


def test_a_changed_cell_updates_only_that_project(client, office_staff, portfolio):
    client.force_login(office_staff)
    exported = _export(client, Kind.PROJECTS, "?q=P02")
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(exported))
    sheet = workbook.active
    sheet["B2"] = "改过的名称"
    buffer = io.BytesIO()
    workbook.save(buffer)

    location, preview = _preview(client, buffer.getvalue())
    assert preview.context["plan"].count("update") == 1
    client.post(location)
    assert Project.objects.get(code="P02").name == "改过的名称"


def _two_hundred_rows_with_three_bad(group):
    rows = []
    for n in range(200):
        rows.append(
            [
                f"BULK{n:03d}",
                f"批量项目{n}",
                "",
                group.name,
                "",
                "",
                "",
                "",
                "否",
                "",
                "",
                "2026-01-01",
                "2026-06-30",
                100,
            ]
        )
    rows[10][3] = "不存在的分组"
    rows[99][11] = "明年春天"
    rows[150][1] = ""
    return rows


def test_three_bad_rows_of_two_hundred_are_listed_and_confirm_is_refused(client, office_staff, portfolio):
    client.force_login(office_staff)
    content = xlsx(_two_hundred_rows_with_three_bad(ProjectGroup.objects.first()), kind=Kind.PROJECTS)
    count = Project.objects.count()

    location, preview = _preview(client, content)

    plan = preview.context["plan"]
    assert [(e.row, e.column) for e in plan.errors] == [(12, "分组"), (101, "计划开始"), (152, "项目名称")]
    assert all(e.reason for e in plan.errors)
    assert plan.count("create") == 197
    assert 'id="import-errors"' in preview.content.decode()
    refused = client.post(location)
    assert refused.status_code == 400
    assert Project.objects.count() == count


def test_milestone_and_budget_rules_are_row_errors(client, office_staff, project):
    # Under construction in 2025–2026, so that a done milestone and a 2026 approved amount are
    # allowed at all.
    Project.objects.filter(pk=project.pk).update(
        stage=Stage.IMPLEMENTATION,
        planned_start=datetime.date(2025, 1, 1),
        planned_end=datetime.date(2026, 12, 31),
    )
    FundingSourceFactory(code="city", name="市级财政")
    client.force_login(office_staff)
    milestones = xlsx(
        [
            [project.code, "上线", "2026-01-31", "", "已完成", "", 1, ""],
            [project.code, "验收", "2026-02-28", "", "已豁免", "", 1, ""],
            ["NOPE", "验收", "2026-02-28", "", "", "", 1, ""],
        ],
        kind=Kind.MILESTONES,
    )
    _, preview = _preview(client, milestones, kind=Kind.MILESTONES)
    assert [(e.row, e.column) for e in preview.context["plan"].errors] == [
        (2, "实际日期"),
        (3, "豁免理由"),
        (4, "项目编号"),
    ]
    budget = xlsx([[project.code, 2026, "city", "abc", 0, "", ""]], kind=Kind.BUDGET_LINES)
    _, preview = _preview(client, budget, kind=Kind.BUDGET_LINES)
    assert [(e.row, e.column) for e in preview.context["plan"].errors] == [(2, "批复金额（元）")]


def test_budget_line_outside_the_planned_period_is_a_row_error(client, office_staff, project):
    """The importer runs the same year rule as the form and the service (it did not before)."""
    Project.objects.filter(pk=project.pk).update(
        stage=Stage.IMPLEMENTATION,
        planned_start=datetime.date(2025, 1, 1),
        planned_end=datetime.date(2026, 12, 31),
    )
    FundingSourceFactory(code="city", name="市级财政")
    client.force_login(office_staff)
    budget = xlsx([[project.code, 2030, "city", 1000, 0, "", ""]], kind=Kind.BUDGET_LINES)
    _, preview = _preview(client, budget, kind=Kind.BUDGET_LINES)
    assert [(e.row, e.column) for e in preview.context["plan"].errors] == [(2, "年度")]
    assert not BudgetLine.objects.filter(project=project).exists()


def test_duplicate_natural_key_in_one_file_is_an_error(client, office_staff, portfolio):
    group = ProjectGroup.objects.first()
    row = ["DUP", "重复", "", group.code, "", "", "", "", "否", "", "", "", "", ""]
    client.force_login(office_staff)
    _, preview = _preview(client, xlsx([row, row], kind=Kind.PROJECTS))
    assert [e.row for e in preview.context["plan"].errors] == [3]


def _encrypted(content: bytes) -> bytes:
    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(content)).encrypt("secret", encrypted)
    return encrypted.getvalue()


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"code,name\nP01,x\n", "data.xlsx", "不是 Excel"),
        (with_macros(xlsx([["P01"]], headers=["项目编号"])), "data.xlsx", "宏"),
        (xlsx([["P01"]], headers=["项目编号"]), "data.xlsm", "宏"),
        ("encrypted", "data.xlsx", "密码"),
        (xlsx([]), "data.xlsx", "工作表是空的"),
        (xlsx([], kind=Kind.PROJECTS), "data.xlsx", "表头下没有数据"),
        (xlsx([["P01", "x"]], headers=["编号", "名称"]), "data.xlsx", "缺少"),
    ],
    ids=["not-excel", "vba-project", "xlsm-name", "password", "empty-sheet", "header-only", "wrong-headers"],
)
def test_bad_files_are_refused_with_a_clear_error(
    client, office_staff, portfolio, _media_root, content, name, message
):
    if content == "encrypted":
        content = _encrypted(xlsx([["P01"]], kind=Kind.PROJECTS))
    client.force_login(office_staff)
    count = Project.objects.count()
    response = _upload(client, content, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Project.objects.count() == count
    assert _stored_files(_media_root) == []


def test_a_hundred_thousand_rows_are_refused_with_the_limit(client, office_staff, portfolio, _media_root):
    group = ProjectGroup.objects.first()
    rows = ([f"R{n}", "项目", "", group.code] for n in range(100_000))
    content = xlsx(rows, headers=["项目编号", "项目名称", "英文名称", "分组"])
    client.force_login(office_staff)
    response = _upload(client, content)
    assert response.status_code == 400
    assert "5,000" in response.content.decode()
    assert Project.objects.count() == 15
    assert _stored_files(_media_root) == []


def test_uploaded_file_is_stored_privately_and_removed_after_confirm(
    client, office_staff, portfolio, _media_root
):
    client.force_login(office_staff)
    location, _ = _preview(client, _export(client, Kind.PROJECTS))
    [stored] = _stored_files(_media_root)
    assert len(stored.stem) == 32
    client.post(location)
    assert _stored_files(_media_root) == []


def test_another_users_upload_is_not_found(client, office_staff, office_admin, portfolio):
    client.force_login(office_staff)
    location, _ = _preview(client, _export(client, Kind.PROJECTS))
    client.force_login(office_admin)
    assert client.get(location).status_code == 404
    assert client.post(location).status_code == 404
    assert client.get(reverse("exchange:import_preview", args=["..%2F..%2Fsettings"])).status_code == 404


def test_templates_have_the_importable_headers(client, office_staff):
    from openpyxl import load_workbook

    client.force_login(office_staff)
    response = client.get(reverse("exchange:import_template", args=["milestones"]))
    headers = [c.value for c in next(load_workbook(io.BytesIO(response.content)).active.iter_rows())]
    assert headers == ["项目编号", "里程碑", "计划日期", "阶段", "状态", "实际日期", "权重", "豁免理由"]


def test_a_file_exported_in_chinese_imports_with_the_site_in_english(client, office_staff, portfolio):
    client.force_login(office_staff)
    exported = _export(client, Kind.PROJECTS)
    client.cookies["django_language"] = "en"
    _, preview = _preview(client, exported)
    assert "Import preview" in preview.content.decode()
    assert preview.context["plan"].count("unchanged") == 15


def test_a_row_lists_every_error_it_has(client, office_staff, portfolio):
    row = ["X1", "项目", "", "没有的分组", "没有的部门", "", "", "", "也许", "", "", "明年", "", ""]
    client.force_login(office_staff)
    _, preview = _preview(client, xlsx([row], kind=Kind.PROJECTS))
    assert {e.column for e in preview.context["plan"].errors} == {"分组", "牵头部门", "重点项目", "计划开始"}


def test_a_concurrent_change_during_confirm_writes_nothing(client, office_staff, portfolio, monkeypatch):
    from core.versioning import StaleObjectError
    from exchange import importing

    group = ProjectGroup.objects.first()
    rows = [
        ["NEWA", "新项目甲", "", group.code, "", "", "", "", "否", "", "", "", "", ""],
        ["P01", "改名", "", group.code, "", "", "", "", "否", "", "", "", "", ""],
    ]
    client.force_login(office_staff)
    location, _ = _preview(client, xlsx(rows, kind=Kind.PROJECTS))

    def stale(**kwargs):
        raise StaleObjectError(["name"])

    monkeypatch.setattr(importing, "project_update", stale)
    response = client.post(location)
    assert response.status_code == 302 and response["Location"] == location
    assert not Project.objects.filter(code="NEWA").exists()
    assert Project.objects.get(code="P01").name != "改名"
