from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from demo.seed_templates import seed_indicator_templates
from evaluations.models import Grade, IndicatorTemplate
from evaluations.services import IndicatorSpec, template_create, template_update


@pytest.mark.parametrize(
    "total, grade",
    [
        ("0", Grade.POOR),
        ("59.99", Grade.POOR),
        ("60", Grade.FAIR),
        ("60.00", Grade.FAIR),
        ("79.99", Grade.FAIR),
        ("80", Grade.GOOD),
        ("89.99", Grade.GOOD),
        ("90", Grade.EXCELLENT),
        ("100", Grade.EXCELLENT),
    ],
)
def test_grade_boundaries_are_exact(total, grade):
    assert Grade.for_total(Decimal(total)) == grade


def test_seeded_templates_sum_to_100_and_are_idempotent(db):
    assert seed_indicator_templates() == 2
    assert seed_indicator_templates() == 0
    external = IndicatorTemplate.objects.get(family="external")
    own = IndicatorTemplate.objects.get(family="self")
    for template in (external, own):
        assert template.indicators.filter(is_leaf=True).aggregate(s=Sum("points"))["s"] == Decimal("100")
    first = {
        i.name: i.descendants.filter(is_leaf=True).aggregate(s=Sum("points"))["s"]
        for i in external.indicators.filter(level=1)
    }
    assert first == {"决策": 20, "过程": 20, "产出": 30, "效益": 30}
    assert set(external.indicators.filter(level=2).values_list("name", flat=True)) == {
        "项目立项",
        "绩效目标",
        "资金投入",
        "资金管理",
        "组织实施",
        "产出数量",
        "产出质量",
        "产出时效",
        "产出成本",
        "项目效益",
    }
    own_first = {
        i.name: i.descendants.filter(is_leaf=True).aggregate(s=Sum("points"))["s"]
        for i in own.indicators.filter(level=1)
    }
    assert own_first == {"预算执行率": 10, "产出": 50, "效益": 30, "服务对象满意度": 10}


def test_template_summing_to_99_is_refused_with_the_sum(db):
    specs = [
        IndicatorSpec(name="A", points=Decimal("49"), method="banded"),
        IndicatorSpec(name="B", points=Decimal("50"), method="banded"),
    ]
    with pytest.raises(ValidationError, match="99"):
        template_create(family="bad", name="坏模板", kind="external", indicators=specs)
    assert not IndicatorTemplate.objects.filter(family="bad").exists()


def test_editing_an_unused_template_changes_it_in_place(external_template, office_admin):
    a, b = external_template.indicators.filter(is_leaf=True)[:2]
    saved = template_update(
        template=external_template,
        changes={a.pk: {"points": a.points + 1}, b.pk: {"points": b.points - 1}},
        by=office_admin,
    )
    assert saved.pk == external_template.pk
    a.refresh_from_db()
    assert a.points == Decimal("5")


def test_editing_a_used_template_makes_a_new_version(cycle, office_admin):
    used = cycle.template
    a, b = used.indicators.filter(is_leaf=True)[:2]
    saved = template_update(
        template=used,
        changes={a.pk: {"points": a.points + 1}, b.pk: {"points": b.points - 1}},
        by=office_admin,
    )
    assert saved.pk != used.pk and saved.version == 2 and saved.family == used.family
    a.refresh_from_db()
    assert a.points == Decimal("4"), "the used version keeps the points it was scored on"
    assert saved.indicators.get(name=a.name).points == Decimal("5")
    cycle.refresh_from_db()
    assert cycle.template_id == used.pk


def test_edit_to_99_points_is_refused_and_nothing_changes(cycle, office_admin):
    a = cycle.template.indicators.filter(is_leaf=True).first()
    with pytest.raises(ValidationError, match="99"):
        template_update(template=cycle.template, changes={a.pk: {"points": a.points - 1}}, by=office_admin)
    assert IndicatorTemplate.objects.filter(family="external").count() == 1


def test_editor_saves_a_row_and_shows_the_running_total(client, office_admin, external_template):
    client.force_login(office_admin)
    leaf = external_template.indicators.filter(is_leaf=True).order_by("order").first()
    url = f"/evaluations/templates/{external_template.pk}/edit/"
    data = {"op": "save", "row": leaf.pk, f"r{leaf.pk}-name": leaf.name, f"r{leaf.pk}-method": leaf.method}
    data[f"r{leaf.pk}-points"] = str(leaf.points - 1)
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="running-total">99.00 / 100.00' in body and "add up to 99.00" in body
    external_template.refresh_from_db()
    assert external_template.status == "draft"
    response = client.post(url, {"action": "complete"})
    assert response.status_code == 400 and "add up to 99.00" in response.content.decode()


def test_editor_refuses_bad_points_next_to_the_field(client, office_admin, external_template):
    client.force_login(office_admin)
    leaf = external_template.indicators.filter(is_leaf=True).order_by("order").first()
    url = f"/evaluations/templates/{external_template.pk}/edit/"
    for typed, message in (("-1", "greater than or equal to 0"), ("1.234", "2 decimal places")):
        data = {"op": "save", "row": leaf.pk, f"r{leaf.pk}-name": leaf.name, f"r{leaf.pk}-points": typed}
        response = client.post(url, data)
        assert response.status_code == 400 and message in response.content.decode()
    leaf.refresh_from_db()
    assert leaf.points == Decimal("4")


def test_editor_adds_moves_and_deletes_rows(client, office_admin, external_template):
    client.force_login(office_admin)
    url = f"/evaluations/templates/{external_template.pk}/edit/"
    output = external_template.indicators.get(name="产出", level=1)
    assert client.post(url, {"action": "add", "new_name": "满意度"}).status_code == 302
    top = external_template.indicators.get(name="满意度")
    assert top.level == 1 and top.points == 0
    assert client.post(url, {"action": "add", "row": top.pk}).status_code == 302
    child = top.children.get()
    response = client.post(url, {"action": "move", "row": output.pk, "new_parent": child.pk})
    assert response.status_code == 302, "a 0-point row can take sub-indicators"
    output.refresh_from_db()
    assert output.level == 3 and output.first_level_id == top.pk
    response = client.post(url, {"action": "move", "row": top.pk, "new_parent": output.pk})
    assert response.status_code == 400 and "own sub-indicators" in response.content.decode()
    assert client.post(url, {"action": "delete", "row": top.pk}).status_code == 302
    assert not external_template.indicators.filter(name__in=["满意度", "产出", "实际完成率"]).exists()


def test_copy_makes_an_editable_template(client, office_admin, cycle):
    client.force_login(office_admin)
    response = client.post(
        f"/evaluations/templates/{cycle.template.pk}/copy/", {"name": "南通版", "family": "nantong"}
    )
    assert response.status_code == 302
    copy = IndicatorTemplate.objects.get(family="nantong")
    assert not copy.is_frozen and copy.based_on_id == cycle.template.pk
    assert copy.indicators.count() == cycle.template.indicators.count()


def test_editing_a_used_template_offers_a_new_draft_version(client, office_admin, cycle):
    template = cycle.template
    client.force_login(office_admin)
    url = f"/evaluations/templates/{template.pk}/edit/"
    response = client.get(url)
    assert response.status_code == 200 and "Make a new version to edit" in response.content.decode()
    leaf = template.indicators.filter(is_leaf=True).first()
    response = client.post(
        url, {"op": "save", "row": leaf.pk, f"r{leaf.pk}-name": "改", f"r{leaf.pk}-points": "4"}
    )
    assert response.status_code == 400 and "frozen" in response.content.decode()
    response = client.post(url, {"action": "new_version"})
    new = IndicatorTemplate.objects.get(family="external", version=2)
    assert response.status_code == 302 and response["Location"].endswith(f"/templates/{new.pk}/edit/")
    assert new.status == "draft" and new.indicators.count() == template.indicators.count()
    leaf.refresh_from_db()
    assert leaf.name != "改"
