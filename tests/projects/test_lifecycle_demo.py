from projects.demo import seed_demo
from projects.demo_lifecycle import seed_demo_lifecycle
from projects.models import ApprovalReview, Project, Stage, StageMoveRequest, StageTransition


def test_demo_lifecycle_moves_projects_through_the_services_once(portfolio):
    seed_demo()
    seed_demo_lifecycle()
    stages = dict(Project.objects.filter(code__in=["P01", "P02", "P03", "P05"]).values_list("code", "stage"))
    assert stages == {
        "P01": Stage.APPROVED,
        "P02": Stage.PROPOSAL,
        "P03": Stage.APPROVAL_REVIEW,
        "P05": Stage.SUSPENDED,
    }
    counts = (
        StageTransition.objects.count(),
        ApprovalReview.objects.count(),
        StageMoveRequest.objects.count(),
    )
    seed_demo_lifecycle()
    assert (
        StageTransition.objects.count(),
        ApprovalReview.objects.count(),
        StageMoveRequest.objects.count(),
    ) == counts
    assert StageTransition.objects.filter(project__code="P05").count() == 3
