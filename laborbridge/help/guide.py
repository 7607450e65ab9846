"""The user guide (docs/guide/*.md) as help pages: which file is which page, and its Markdown made into safe HTML.

Raw HTML in the Markdown is not passed through (`html=False`), links between guide files become links between
help pages, pictures are served by `help:image`, and tables scroll inside their own box on a phone.
"""

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.urls import reverse
from markdown_it import MarkdownIt

# file -> slug of the guide's pages that have a name of their own. Any other numbered chapter (`07-….md`) is
# served as `chapter-07`, so a new chapter is in the help as soon as it is in docs/guide.
SLUGS = {
    "README.md": "",
    "01-登录与首页.md": "login",
    "02-劳动力台账.md": "workers",
    "03-导入台账.md": "import",
    "04-用工单位与推荐.md": "employers",
    "05-统计与报表.md": "reports",
    "06-审计记录.md": "audit",
    "07-招聘会.md": "fairs",
    "08-招工信息平台.md": "jobs",
    "09-技能培训.md": "training",
    "en.md": "en",
}
CHAPTER = re.compile(r"^(\d{1,3})-.+\.md$")

# The guide page for each part of the site (URL namespace, or "namespace:name" for a page of its own).
SECTIONS = {
    "": "login",
    "accounts": "login",
    "accounts:audit": "audit",
    "workers": "workers",
    "privacy": "workers",
    "ledger": "import",
    "ledger:employers": "employers",
    "ledger:export": "workers",
    "ledger:export_job": "workers",
    "ledger:export_full": "workers",
    "employers": "employers",
    "employment": "employers",
    "reports": "reports",
    "portal": "jobs",
    "fairs": "fairs",
    "training": "training",
}

IMAGE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.(png|jpe?g|gif|webp)$")
IMAGE_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}


@dataclass(frozen=True)
class GuidePage:
    slug: str
    title: str
    html: str  # safe: made by markdown-it with raw HTML off


def guide_dir() -> Path:
    return Path(settings.HELP_GUIDE_DIR)


def slug_of(name: str) -> str | None:
    """The help page's slug of a guide file's name, or None for a file that is not a page of the help."""
    if name in SLUGS:
        return SLUGS[name]
    match = CHAPTER.match(name)
    return f"chapter-{match.group(1)}" if match else None


def pages() -> dict[str, str]:
    """slug -> file name of every page of the guide, in the order of its contents (the README first)."""
    folder = guide_dir()
    names = sorted(p.name for p in folder.glob("*.md")) if folder.is_dir() else []
    found = {slug_of(name): name for name in names if slug_of(name) is not None}
    return dict(sorted(found.items(), key=lambda item: (item[0] != "", item[1] == "en.md", item[1])))


def images_dir() -> Path:
    return guide_dir() / "images"


def section_for(view_name: str) -> str:
    """The guide page's slug for a page of the site (its resolver view name), or "" for the contents."""
    if view_name in SECTIONS:
        return SECTIONS[view_name]
    namespace = view_name.rpartition(":")[0]
    return SECTIONS.get(namespace, "")


def image_path(name: str) -> Path | None:
    """The picture `name` in the guide's images folder, or None: only plain file names inside that folder."""
    if not IMAGE_NAME.match(name):
        return None
    folder = images_dir().resolve()
    path = (folder / name).resolve()
    if path.parent != folder or not path.is_file():
        return None
    return path


def _href(target: str) -> str | None:
    """A link of the guide as a link of the site: another guide file → its help page, a picture → help:image."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith(("/", "#")):
        return None  # absolute addresses and anchors stay as they are
    path, _, anchor = target.partition("#")
    path = unquote(path)  # markdown-it percent-encodes the Chinese file names
    suffix = f"#{anchor}" if anchor else ""
    slug = slug_of(path) if "/" not in path else None
    if slug is not None:
        return (reverse("help:page", args=[slug]) if slug else reverse("help:index")) + suffix
    if path.startswith("images/"):
        return reverse("help:image", args=[path.removeprefix("images/")])
    return ""  # elsewhere in the repository: not part of the help, so no link


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    md.add_render_rule("table_open", lambda *a: '<div class="table-wrap" tabindex="0"><table>\n')
    md.add_render_rule("table_close", lambda *a: "</table></div>\n")
    return md


def _rewrite(tokens) -> None:
    for token in tokens:
        unlinked = []  # for each open link: whether it was turned into plain text
        for child in token.children or ():
            if child.type == "link_open":
                href = _href(child.attrGet("href") or "")
                unlinked.append(href == "")
                if href == "":  # a file of the repository, not of the help: its words without a link
                    child.tag, child.attrs = "span", {}
                elif href is not None:
                    child.attrSet("href", href)
            elif child.type == "link_close" and unlinked and unlinked.pop():
                child.tag = "span"
            elif child.type == "image":
                src = _href(child.attrGet("src") or "")
                if src is not None:
                    child.attrSet("src", src)
                child.attrSet("loading", "lazy")


@functools.lru_cache(maxsize=32)
def _render(path: Path, mtime: float) -> GuidePage:
    md = _markdown()
    text = path.read_text(encoding="utf-8")
    tokens = md.parse(text)
    _rewrite(tokens)
    title = ""
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1":
            title = tokens[i + 1].content
            break
    return GuidePage(
        slug=slug_of(path.name), title=title or path.stem, html=md.renderer.render(tokens, md.options, {})
    )


def guide_page(slug: str) -> GuidePage | None:
    """The guide page `slug`, rendered, or None when there is no such page (or the guide is not installed)."""
    name = pages().get(slug)
    if name is None:
        return None
    path = guide_dir() / name
    return _render(path, path.stat().st_mtime)


def guide_contents() -> list[GuidePage]:
    """Every page of the guide, in order, for the help's table of contents."""
    return [page for page in (guide_page(slug) for slug in pages()) if page is not None]
