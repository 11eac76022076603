def project_latest_assessment_accepted(*, project) -> bool:
    """Whether the project's latest assessment was accepted. Stub until the evaluations
    area lands; it replaces this function with the real one under the same name."""
    return False
