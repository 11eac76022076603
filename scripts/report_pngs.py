"""Build each report from a throwaway database with generated execution data and convert its
every page to PNG with pdftoppm, to look at: `make report-pngs` (writes var/report-pngs/)."""

import datetime
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.sample_data import add_execution, setup_throwaway_django  # noqa: E402


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else BASE_DIR / "var" / "report-pngs").resolve()
    out.mkdir(parents=True, exist_ok=True)
    setup_throwaway_django()
    from projects.models import Project
    from reports.services import build_report_file

    today = datetime.date.today()
    add_execution(today=today)
    reports = {
        "monthly": ("monthly", {"period": today.strftime("%Y-%m")}),
        "cycle": ("cycle", {"cycle_id": 1}),
        "dossier": ("dossier", {"project_id": Project.objects.get(code="P01").pk}),
    }
    for name, (kind, parameters) in reports.items():
        pdf = build_report_file(kind=kind, parameters=parameters, output=str(out / f"{name}.pdf"))
        subprocess.run(["pdftoppm", "-png", "-r", "80", pdf, str(out / name)], check=True)
        print(pdf)
    print(f"PNGs in {out}")


if __name__ == "__main__":
    main()
