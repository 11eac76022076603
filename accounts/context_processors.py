def role(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "is_office": user.is_office,
        "is_office_admin": user.is_office_admin,
        "is_evaluator": user.is_evaluator,
        "can_read_portfolio": user.can_read_portfolio,
    }
