import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """The minutes PDF goes to a temp folder, never the developer's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
