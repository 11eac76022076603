"""Demo accounts: departments, one user per role and two agencies, all marked as demo data."""

import datetime

from django.db import transaction

from accounts.models import Role, User
from accounts.services import roles_ensure_groups, user_create
from core.origin import DataOrigin
from organisation.models import Agency, Department

DEMO_PASSWORD = "nantong-demo-2026"

DEPARTMENTS = [
    ("data", "市数据局（演示）", "Municipal Data Bureau (demo)"),
    ("transport", "市交通运输局（演示）", "Municipal Transport Bureau (demo)"),
    ("health", "市卫生健康委（演示）", "Municipal Health Commission (demo)"),
    ("culture", "市文广旅局（演示）", "Municipal Culture and Tourism Bureau (demo)"),
    ("education", "市教育局（演示）", "Municipal Education Bureau (demo)"),
    ("approval", "市行政审批局（演示）", "Municipal Administrative Approval Bureau (demo)"),
    ("resources", "市自然资源和规划局（演示）", "Municipal Natural Resources and Planning Bureau (demo)"),
    ("emergency", "市应急管理局（演示）", "Municipal Emergency Management Bureau (demo)"),
    ("housing", "市住房和城乡建设局（演示）", "Municipal Housing and Construction Bureau (demo)"),
    ("urban", "市城市管理局（演示）", "Municipal Urban Management Bureau (demo)"),
    ("ecology", "市生态环境局（演示）", "Municipal Ecology and Environment Bureau (demo)"),
    ("civil", "市民政局（演示）", "Municipal Civil Affairs Bureau (demo)"),
]

PROJECT_DEPARTMENTS = {
    "P01": "data",
    "P02": "data",
    "P03": "data",
    "P04": "civil",
    "P05": "transport",
    "P06": "health",
    "P07": "culture",
    "P08": "education",
    "P09": "approval",
    "P10": "resources",
    "P11": "resources",
    "P12": "emergency",
    "P13": "housing",
    "P14": "urban",
    "P15": "ecology",
}
KEY_PROJECTS = {"P01", "P02", "P05", "P09", "P14"}

AGENCIES = [
    ("agency-a", "江苏正衡绩效评价咨询有限公司（演示）", "0513-0000 0001"),
    ("agency-b", "南通明诚工程咨询有限公司（演示）", "0513-0000 0002"),
]

USERS = [
    # username, full name, role, department code, agency code
    ("admin", "系统管理员（演示）", Role.OFFICE_ADMIN, None, None),
    ("staff", "王办事（演示）", Role.OFFICE_STAFF, None, None),
    ("liaison", "李联络（演示·市数据局）", Role.LIAISON, "data", None),
    ("liaison2", "赵联络（演示·市交通运输局）", Role.LIAISON, "transport", None),
    ("leader", "张领导（演示）", Role.LEADERSHIP, None, None),
    ("evaluator", "陈评估（演示·正衡）", Role.EVALUATOR, None, "agency-a"),
    ("evaluator2", "周评估（演示·明诚）", Role.EVALUATOR, None, "agency-b"),
]


@transaction.atomic
def seed_demo_accounts() -> list[tuple[str, str]]:
    """Departments, agencies and one user per role. Idempotent. Returns (username, role label)."""
    roles_ensure_groups()
    departments = {}
    for code, name, name_en in DEPARTMENTS:
        departments[code], _ = Department.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "origin": DataOrigin.DEMO}
        )
    agencies = {}
    for code, name, contact in AGENCIES:
        agencies[code], _ = Agency.objects.get_or_create(
            code=code, defaults={"name": name, "contact": contact, "is_demo": True}
        )
    accounts = []
    for username, full_name, role, department_code, agency_code in USERS:
        if not User.objects.filter(username=username).exists():
            user_create(
                username=username,
                password=DEMO_PASSWORD,
                role=role,
                full_name=full_name,
                email=f"{username}@demo.nantong-pm.local",
                department=departments.get(department_code),
                agency=agencies.get(agency_code),
                access_expires_on=datetime.date(2099, 12, 31) if role == Role.EVALUATOR else None,
                is_demo=True,
            )
        accounts.append((username, Role(role).label))
    return accounts
