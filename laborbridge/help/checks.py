"""A deployment without the user guide's folder still serves pages, but its help answers 404: say so at start."""

from django.conf import settings
from django.core.checks import Warning, register


@register()
def guide_folder_exists(app_configs, **kwargs):
    folder = settings.HELP_GUIDE_DIR
    if (folder / "README.md").is_file():
        return []
    return [
        Warning(
            f"The user guide is not at {folder}: 帮助 pages will answer 404.",
            hint="Run from a checkout of the repository (docs/guide), or set HELP_GUIDE_DIR.",
            id="help.W001",
        )
    ]
