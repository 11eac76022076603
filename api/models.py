import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.aggregate_cache import forget_now_and_on_commit, invalidate_now_and_on_commit
from organisation.models import Department
from projects.models import Project

TOKEN_PREFIX_LENGTH = 8


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def stored_client_key(token_hash: str) -> str:
    """Where ``api.authentication`` keeps a copy of the active client of this token."""
    return f"api-client:{token_hash}"


def forget_stored_clients(*token_hashes: str) -> None:
    """Drop the stored copies of these clients and make every stored page stale: the API's project
    list is stored per token, and a client's department decides what it holds."""
    forget_now_and_on_commit(*(stored_client_key(token_hash) for token_hash in token_hashes))
    invalidate_now_and_on_commit()


class ApiClientQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def update(self, **kwargs):
        """Like every save and delete (``api.apps``), a bulk update (a revocation, say) drops the
        stored copies of the clients it changes."""
        token_hashes = list(self.values_list("token_hash", flat=True))
        count = super().update(**kwargs)
        forget_stored_clients(*token_hashes)
        return count

    def record_use(self, when) -> int:
        """Set the last-used date: a plain update, since the date changes nothing a stored copy
        decides."""
        return super().update(last_used_at=when)


class ApiClient(models.Model):
    """An integrating system (e.g. the city public information platform) with its own token.
    Every client reads only; a client bound to a department reads only that department's
    projects and what belongs to them. The token is stored hashed and shown once."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(
        _("token starts with"),
        max_length=TOKEN_PREFIX_LENGTH,
        editable=False,
        help_text=_("To recognise a token."),
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("only this department's projects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_clients",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    objects = ApiClientQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self):
        return self.name

    # DRF treats the authenticated principal as request.user.
    is_authenticated = True

    def visible_projects(self):
        projects = Project.objects.all()
        if self.department_id:
            projects = projects.filter(lead_department_id=self.department_id)
        return projects
