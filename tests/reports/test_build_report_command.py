import datetime
import subprocess

import pytest
from django.core.management import CommandError, call_command

from evaluations.models import AssessmentCycle


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


def test_monthly_report_from_the_command_line(portfolio, tmp_path, capsys):
    output = tmp_path / "report.pdf"
    call_command("build_report", "monthly", "--period", "2026-10", "--output", str(output))
    assert capsys.readouterr().out.strip() == str(output)
    text = pdf_text(output)
    assert "2026年10月" in text and "城市公共数据库" in text
    assert "第2页/共" in text.replace(" ", "")


def test_dossier_from_the_command_line(portfolio, tmp_path, capsys):
    output = tmp_path / "p01.pdf"
    call_command("build_report", "dossier", "--project", "P01", "--output", str(output))
    assert "城市公共数据库" in pdf_text(output)


def test_cycle_report_from_the_command_line_with_the_demo_cycle(db, tmp_path):
    call_command("seed_demo", as_of=datetime.date(2026, 12, 2), stdout=open("/dev/null", "w"))  # noqa: SIM115
    cycle = AssessmentCycle.objects.get(closed_at__isnull=False)
    output = tmp_path / "cycle.pdf"
    call_command("build_report", "cycle", "--cycle", str(cycle.pk), "--output", str(output))
    text = pdf_text(output)
    assert "绩效评价报告" in text and "88.00" in text and "良" in text
    assert "决策" in text and "效益" in text


def test_cycle_report_of_an_unknown_cycle_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="no assessment cycle"):
        call_command("build_report", "cycle", "--cycle", "999", "--output", str(tmp_path / "x.pdf"))


@pytest.mark.parametrize(
    "args",
    [["monthly"], ["monthly", "--period", "2026-13"], ["cycle"], ["dossier", "--project", "NOPE"]],
)
def test_bad_arguments_are_refused(db, args, tmp_path):
    with pytest.raises(CommandError):
        call_command("build_report", *args, "--output", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()
