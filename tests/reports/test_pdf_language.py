"""No English in the Chinese PDFs: every label goes through the catalogue. Each report is built
from the demo data and its text (pdftotext) searched for ASCII words."""

import re
import subprocess

import pytest
from django.core.management import call_command

from evaluations.models import AssessmentCycle
from projects.models import Project
from reports.models import ReportKind
from reports.rendering import render_report_pdf

# Two or more ASCII letters in a row: a word. Project codes (P01) and units (万元) do not match.
ASCII_WORD = re.compile(r"[A-Za-z]{2,}")
# Allowed on purpose: none yet. A name that must stay Latin (a product, an agency) goes here.
ALLOWED = frozenset()


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_portfolio", verbosity=0)
        call_command("seed_demo", verbosity=0)
        yield
        call_command("flush", interactive=False, verbosity=0)


def reports():
    return {
        "monthly-2016-09": (ReportKind.MONTHLY, lambda: {"period": "2016-09"}),
        "monthly-now": (ReportKind.MONTHLY, lambda: {"period": "2026-12"}),
        "cycle": (ReportKind.CYCLE, lambda: {"cycle_id": AssessmentCycle.objects.order_by("pk").first().pk}),
        "dossier": (ReportKind.DOSSIER, lambda: {"project_id": Project.objects.get(code="P01").pk}),
    }


@pytest.mark.parametrize("name", list(reports()))
def test_a_chinese_pdf_has_no_stray_english_word(name, demo, db, tmp_path):
    kind, parameters = reports()[name]
    text = pdf_text(render_report_pdf(kind=kind, parameters=parameters()), tmp_path)
    words = sorted(set(ASCII_WORD.findall(text)) - ALLOWED)
    assert words == [], f"{name}: English words in the PDF: {words}"
