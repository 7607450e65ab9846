"""Every access decision in one place: what each role may see and do.

`GRANTS` is the policy: for each capability, how far each role reaches. The functions below interpret it
for selectors, services, forms, views, the API, template tags and templates; nothing else compares roles.
`docs/access.md` is generated from `GRANTS` (`laborbridge access_table`), and a test keeps the two in step.

Reaches are region-code prefixes (a worker is filtered by its township code, which starts with its
county's code), an employer's own records, or one's own uploads. Out-of-reach objects are not found
(404); a reachable object the actor may not change is refused (403).

This module sits below workers, employers and employment, so it knows their records only by field names.
"""

import enum
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from laborbridge.accounts.models import User
from laborbridge.core.database import prefix_q
from laborbridge.regions.selectors import (
    region_eastern_partner_codes,
    region_is_eastern_partner,
    region_partner_codes,
)

UNMASK_PERMISSION = "workers.unmask_worker"
Role = User.Role
NOTHING_Q = Q(pk__in=[])


class Reach(enum.Enum):
    """How far a grant reaches; the value is its Chinese description in docs/access.md."""

    NONE = "—"
    ALL = "全部"
    OWN = "本辖区"  # the user's county, or township
    PAIRING = "本县（区）及结对地区"  # the user's county and its partners
    GRANTED = "可查看的范围，须管理员授权"  # the view reach, only with the unmask permission
    BROUGHT = "本县（区）所在或引进的单位"  # employers located in or brought in by the user's county
    # ... and, for a western county, the employers its eastern partners brought in for the cooperation
    PROVIDED = "本县（区）所在或引进的单位，及东部结对方引进的单位"
    FROM_OWN_EMPLOYERS = "本辖区劳动力，及本县（区）单位岗位上的推荐"
    PLACED_HERE = "在本县（区）或本地单位务工的外地劳动力"
    EMPLOYER = "本单位"  # the employers the user is a member of
    SELF = "本人上传的"  # records the user made


@dataclass(frozen=True)
class Capability:
    label: str  # Chinese, for docs/access.md and messages
    grants: dict  # Role -> Reach; a missing role has Reach.NONE


GRANTS: dict[str, Capability] = {
    "view_workers": Capability(
        _("查看劳动力台账（证件号、手机号脱敏）、统计下钻"),
        {
            Role.ADMIN: Reach.ALL,
            Role.COUNTY: Reach.OWN,
            Role.TOWNSHIP: Reach.OWN,
            Role.COOPERATION: Reach.PAIRING,
        },
    ),
    "write_workers": Capability(
        _("登记、修改劳动力；记录就业；推荐；回访"),
        {Role.ADMIN: Reach.ALL, Role.COUNTY: Reach.OWN, Role.TOWNSHIP: Reach.OWN},
    ),
    "unmask_workers": Capability(
        _("查看完整证件号和手机号（留审计记录）"),
        {
            Role.ADMIN: Reach.ALL,
            Role.COUNTY: Reach.OWN,
            Role.TOWNSHIP: Reach.GRANTED,
            Role.COOPERATION: Reach.GRANTED,
        },
    ),
    "erase_workers": Capability(
        _("删除劳动力个人信息（本人申请或依法应当删除）"),
        {Role.ADMIN: Reach.ALL},
    ),
    "export_workers": Capability(
        _("导出劳动力名单（脱敏；导出完整号码另需查看完整号码的权限并说明事由）"),
        {
            Role.ADMIN: Reach.ALL,
            Role.COUNTY: Reach.OWN,
            Role.TOWNSHIP: Reach.OWN,
            Role.COOPERATION: Reach.PAIRING,
        },
    ),
    "import_ledger": Capability(
        _("导入台账"),
        {Role.ADMIN: Reach.ALL, Role.COUNTY: Reach.OWN, Role.TOWNSHIP: Reach.OWN},
    ),
    "view_import_jobs": Capability(
        _("查看台账导入记录"),
        {Role.ADMIN: Reach.ALL, Role.COUNTY: Reach.OWN, Role.TOWNSHIP: Reach.SELF},
    ),
    "confirm_imports": Capability(
        _("确认或取消台账导入"),
        {Role.ADMIN: Reach.SELF, Role.COUNTY: Reach.SELF, Role.TOWNSHIP: Reach.SELF},
    ),
    "download_import_errors": Capability(
        _("下载未导入的行（含完整号码）"),
        {Role.ADMIN: Reach.ALL, Role.COUNTY: Reach.SELF, Role.TOWNSHIP: Reach.SELF},
    ),
    "view_employers": Capability(
        _("查看用工单位、岗位、就业基地"),
        {
            Role.ADMIN: Reach.ALL,
            Role.COUNTY: Reach.PAIRING,
            Role.TOWNSHIP: Reach.PAIRING,
            Role.COOPERATION: Reach.PAIRING,
            Role.EMPLOYER: Reach.EMPLOYER,
        },
    ),
    "create_employers": Capability(
        _("登记用工单位、导入企业岗位表"),
        {Role.ADMIN: Reach.ALL, Role.COUNTY: Reach.OWN},
    ),
    "write_employers": Capability(
        _("修改用工单位联系方式，发布和修改岗位"),
        {Role.ADMIN: Reach.ALL, Role.COUNTY: Reach.BROUGHT, Role.EMPLOYER: Reach.EMPLOYER},
    ),
    "write_employer_records": Capability(
        _("修改用工单位的名称、代码、类型、行业、所在地和引进信息"),
        {Role.ADMIN: Reach.ALL, Role.COUNTY: Reach.BROUGHT},
    ),
    "recognise_bases": Capability(
        _("认定稳岗就业基地、就业帮扶车间"),
        {Role.ADMIN: Reach.ALL, Role.COUNTY: Reach.BROUGHT},
    ),
    "manage_employer_members": Capability(
        _("为用工单位开设、关联账户"),
        {Role.ADMIN: Reach.ALL, Role.COUNTY: Reach.BROUGHT},
    ),
    "unmask_employer_contact": Capability(
        _("查看用工单位联系人完整电话（留审计记录）"),
        {
            Role.ADMIN: Reach.ALL,
            Role.COUNTY: Reach.PROVIDED,
            Role.TOWNSHIP: Reach.GRANTED,
            Role.COOPERATION: Reach.GRANTED,
            Role.EMPLOYER: Reach.EMPLOYER,
        },
    ),
    "view_referrals": Capability(
        _("查看推荐（外地劳动力脱敏）"),
        {
            Role.ADMIN: Reach.ALL,
            Role.COUNTY: Reach.FROM_OWN_EMPLOYERS,
            Role.TOWNSHIP: Reach.OWN,
            Role.COOPERATION: Reach.FROM_OWN_EMPLOYERS,
            Role.EMPLOYER: Reach.EMPLOYER,
        },
    ),
    "move_referrals": Capability(
        _("办理推荐的下一步（报名、意向、录用、离职、未成功）"),
        {
            Role.ADMIN: Reach.ALL,
            Role.COUNTY: Reach.OWN,
            Role.TOWNSHIP: Reach.OWN,
            Role.EMPLOYER: Reach.EMPLOYER,
        },
    ),
    "confirm_arrival": Capability(
        _("确认到岗（进厂门）"),
        {Role.ADMIN: Reach.ALL, Role.EMPLOYER: Reach.EMPLOYER},
    ),
    "employer_desk": Capability(
        _("本单位待办：推荐来的人员、到岗确认"),
        {Role.EMPLOYER: Reach.EMPLOYER},
    ),
    "answer_follow_ups": Capability(
        _("回访任务"),
        {Role.ADMIN: Reach.ALL, Role.COUNTY: Reach.OWN, Role.TOWNSHIP: Reach.OWN},
    ),
    "view_training": Capability(
        _("查看技能培训班及其学员（脱敏）"),
        {
            Role.ADMIN: Reach.ALL,
            Role.COUNTY: Reach.PAIRING,
            Role.TOWNSHIP: Reach.PAIRING,
            Role.COOPERATION: Reach.PAIRING,
        },
    ),
    "manage_training": Capability(
        _("开设、管理培训班（组织地区）；录取学员、考勤、结业、证书"),
        {Role.ADMIN: Reach.ALL, Role.COUNTY: Reach.OWN, Role.COOPERATION: Reach.OWN},
    ),
    "view_transport": Capability(
        _("查看点对点专车活动、报名和车次（脱敏）"),
        {
            Role.ADMIN: Reach.ALL,
            Role.COUNTY: Reach.PAIRING,
            Role.TOWNSHIP: Reach.PAIRING,
            Role.COOPERATION: Reach.PAIRING,
        },
    ),
    "manage_transport": Capability(
        _("组织点对点专车：开设活动、排车、调整座位（组织地区）"),
        {Role.ADMIN: Reach.ALL, Role.COUNTY: Reach.OWN, Role.COOPERATION: Reach.OWN},
    ),
    "board_transport": Capability(
        _("专车上车登记（上车门）"),
        {Role.ADMIN: Reach.ALL, Role.COUNTY: Reach.OWN, Role.TOWNSHIP: Reach.OWN},
    ),
    "unmask_manifest_phones": Capability(
        _("查看乘车名单上的完整手机号（随车联络，留审计记录）"),
        {Role.ADMIN: Reach.ALL, Role.COUNTY: Reach.OWN, Role.TOWNSHIP: Reach.OWN},
    ),
    "manage_travel_subsidies": Capability(
        _("审核、导出一次性交通补贴"),
        {Role.ADMIN: Reach.ALL, Role.COUNTY: Reach.OWN},
    ),
    "view_placed": Capability(
        _("查看来此务工的协作地区劳动力（脱敏）"),
        {Role.COUNTY: Reach.PLACED_HERE, Role.COOPERATION: Reach.PLACED_HERE, Role.EMPLOYER: Reach.EMPLOYER},
    ),
    "view_fairs": Capability(
        _("查看招聘会及其结果"),
        {
            Role.ADMIN: Reach.ALL,
            Role.COUNTY: Reach.PAIRING,
            Role.TOWNSHIP: Reach.OWN,
            Role.COOPERATION: Reach.PAIRING,
            Role.EMPLOYER: Reach.EMPLOYER,
        },
    ),
    "manage_fairs": Capability(
        _("举办招聘会：登记、修改、开始和结束，安排参会单位和岗位"),
        {Role.ADMIN: Reach.ALL, Role.COUNTY: Reach.OWN},
    ),
    "check_in_fair_visitors": Capability(
        _("招聘会签到（含现场登记劳动力）"),
        {Role.ADMIN: Reach.ALL, Role.COUNTY: Reach.OWN, Role.TOWNSHIP: Reach.OWN},
    ),
    "record_fair_intents": Capability(
        _("招聘会进行中为签到人员记录求职意向"),
        {
            Role.ADMIN: Reach.ALL,
            Role.COUNTY: Reach.PAIRING,
            Role.TOWNSHIP: Reach.OWN,
            Role.EMPLOYER: Reach.EMPLOYER,
        },
    ),
    "record_consultations": Capability(
        _("招聘会政策咨询登记"),
        {Role.ADMIN: Reach.ALL, Role.COUNTY: Reach.PAIRING, Role.TOWNSHIP: Reach.OWN},
    ),
    "use_matching": Capability(
        _("智能匹配：劳动力的推荐岗位、岗位的匹配人员（本辖区劳动力，脱敏）"),
        {
            Role.ADMIN: Reach.ALL,
            Role.COUNTY: Reach.OWN,
            Role.TOWNSHIP: Reach.OWN,
            Role.COOPERATION: Reach.PAIRING,
        },
    ),
    "view_reports": Capability(
        _("统计、正式报表"),
        {
            Role.ADMIN: Reach.ALL,
            Role.COUNTY: Reach.OWN,
            Role.TOWNSHIP: Reach.OWN,
            Role.COOPERATION: Reach.PAIRING,
        },
    ),
    "view_pairing_table": Capability(
        _("结对双方数据对照"),
        {Role.ADMIN: Reach.ALL, Role.COOPERATION: Reach.PAIRING},
    ),
    "view_audit_trail": Capability(
        _("查看审计记录（不含个人信息）"),
        {Role.ADMIN: Reach.ALL, Role.AUDITOR: Reach.ALL},
    ),
    "administer": Capability(
        _("系统管理（用户、参数）"),
        {Role.ADMIN: Reach.ALL},
    ),
    "manage_users": Capability(
        _("用户管理：开设账户、停用、重置密码、分配角色和地区"),
        {Role.ADMIN: Reach.ALL, Role.COUNTY: Reach.OWN},
    ),
}

# Capabilities that show a person's data (names, masked or full numbers, employment): a role holding any of
# them signs in with a second factor (TOTP), see `needs_second_factor`.
PERSONAL_DATA_CAPABILITIES = ("view_workers", "view_referrals", "view_placed", "unmask_employer_contact")

# The roles a user manager may give, by its reach for `manage_users`: a county bureau opens accounts for its
# own bureau and its townships' staff; cooperation offices, auditors and administrators are the admin's, and
# employer accounts are opened from the employer's page (`manage_employer_members`).
ASSIGNABLE_ROLES = {
    Reach.ALL: tuple(Role),
    Reach.OWN: (Role.COUNTY, Role.TOWNSHIP),
}


# --- reaches ---------------------------------------------------------------------------------------------


def _role(actor) -> str | None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return None
    return Role.ADMIN if actor.is_superuser else actor.role


def reach(actor, capability: str) -> Reach:
    """How far `actor` reaches for `capability` (GRANTED resolved to the view reach or nothing)."""
    role = _role(actor)
    if role is None:
        return Reach.NONE
    granted = GRANTS[capability].grants.get(role, Reach.NONE)
    if granted is Reach.GRANTED:
        if not actor.has_perm(UNMASK_PERMISSION):
            return Reach.NONE
        granted = GRANTS["view_workers"].grants.get(role, Reach.NONE)
    if granted not in (Reach.NONE, Reach.ALL, Reach.EMPLOYER) and not actor.region_id:
        return Reach.NONE  # a regional role without a region reaches nothing
    return granted


def may(actor, capability: str) -> bool:
    """Whether `actor` holds `capability` anywhere (what menus and page-level checks ask)."""
    return reach(actor, capability) is not Reach.NONE


def require(actor, capability: str) -> None:
    """Refuse (403) an actor who does not hold `capability` anywhere, naming what is missing."""
    if not may(actor, capability):
        raise PermissionDenied(_("您没有此项权限：%(what)s") % {"what": GRANTS[capability].label})


def capabilities(actor) -> dict[str, bool]:
    """Every capability as a yes or no, for templates (`{% if can.write_workers %}`)."""
    cached = getattr(actor, "_laborbridge_capabilities", None)
    if cached is None:
        cached = {name: may(actor, name) for name in GRANTS}
        if actor is not None:
            actor._laborbridge_capabilities = cached
    return cached


@dataclass(frozen=True)
class Scope:
    """A set of region-code prefixes: ("",) is everywhere, () is nowhere."""

    prefixes: tuple[str, ...]

    @property
    def everywhere(self) -> bool:
        return "" in self.prefixes

    @property
    def counties(self) -> set[str]:
        return {prefix[:6] for prefix in self.prefixes if len(prefix) >= 6}

    def __bool__(self) -> bool:
        return bool(self.prefixes)

    def q(self, field: str, *, county_field: str = "", township_field: str = "") -> Q:
        """A filter on a region-code field: true where the code lies inside the scope.

        Where the model also keeps its county and township codes, a county or township scope
        becomes an equality on that column, which an index on (column, id) serves in id order.
        """
        if self.everywhere:
            return Q()
        if not self.prefixes:
            return NOTHING_Q
        query = Q()
        for prefix in self.prefixes:
            if len(prefix) == 6 and county_field:
                query |= Q(**{county_field: prefix})
            elif len(prefix) == 9 and township_field:
                query |= Q(**{township_field: prefix})
            else:
                query |= prefix_q(field, prefix)
        return query

    def worker_q(self, via: str = "") -> Q:
        """The filter on workers (reached through the relation path `via`, e.g. "worker__")."""
        return self.q(f"{via}township_id", county_field=f"{via}county_id", township_field=f"{via}township_id")

    def covers(self, code: str | None) -> bool:
        return self.everywhere or (code is not None and any(code.startswith(p) for p in self.prefixes))


NOWHERE = Scope(prefixes=())
EVERYWHERE = Scope(prefixes=("",))


def region_scope(actor, capability: str) -> Scope:
    """The regions `actor` reaches for a capability whose reach is a place."""
    granted = reach(actor, capability)
    if granted is Reach.ALL:
        return EVERYWHERE
    if granted in (
        Reach.OWN,
        Reach.BROUGHT,
        Reach.PROVIDED,
        Reach.FROM_OWN_EMPLOYERS,
        Reach.PLACED_HERE,
        Reach.SELF,
    ):
        return Scope(prefixes=(actor.region_id,))
    if granted is Reach.PAIRING:
        county = actor.region_id[:6]
        codes = (actor.region_id, county, *region_partner_codes(code=county))
        return Scope(prefixes=tuple(dict.fromkeys(codes)))
    return NOWHERE


def worker_scope(actor) -> Scope:
    """The workers `actor` may read (masked)."""
    return region_scope(actor, "view_workers")


def worker_write_scope(actor) -> Scope:
    """The workers `actor` may register, change, employ, refer and follow up."""
    return region_scope(actor, "write_workers")


def matching_scope(actor) -> Scope:
    """The workers `actor` may match to vacancies (and see, masked, among a vacancy's candidates)."""
    scope = region_scope(actor, "use_matching")
    seen = worker_scope(actor)
    # Never wider than what the actor may read of the registry.
    return (
        Scope(prefixes=tuple(p for p in scope.prefixes if seen.covers(p))) if not seen.everywhere else scope
    )


def worker_unmask_scope(actor) -> Scope:
    """The workers whose full ID number and phone `actor` may see."""
    return region_scope(actor, "unmask_workers")


def may_write_worker(actor, township_code: str | None) -> bool:
    return worker_write_scope(actor).covers(township_code)


def may_unmask_worker(actor, worker) -> bool:
    return worker_unmask_scope(actor).covers(worker.township_id)


def may_see_worker(actor, worker) -> bool:
    return worker_scope(actor).covers(worker.township_id)


# --- the public job board -------------------------------------------------------------------------------------


class PortalActor:
    """The person themselves on the public job board, after confirming their phone by a code: not a user.

    It holds no capability; the only writes it may make are its own sign-up (`may_sign_up_self`): registering
    itself with the registry's rules and a referral of source `self`. The audit trail names it 本人（门户）.
    A bus sign-up is made by an actor bound to the registry record the sign-up was identified with
    (`portal_actor_for`, found by the ID number like every portal sign-up): it may sign up that worker only.
    """

    is_authenticated = False
    is_active = False
    is_superuser = False
    pk = None
    region_id = None
    role = ""

    @property
    def audit_actor_label(self) -> str:
        return str(_("本人（门户）"))

    def __init__(self, worker_id: int | None = None):
        self.worker_id = worker_id  # the registry record this sign-up is for, once identified

    def __repr__(self) -> str:
        return f"<PortalActor {self.worker_id}>" if self.worker_id else "<PortalActor>"


PORTAL = PortalActor()


def portal_actor_for(worker) -> PortalActor:
    """The person on the portal, bound to the registry record their confirmed sign-up was identified with."""
    return PortalActor(worker_id=worker.pk)


def is_portal(actor) -> bool:
    return isinstance(actor, PortalActor)


def may_sign_up_self(actor) -> bool:
    """Register oneself and sign up for a vacancy from the public job board (phone confirmed by a code)."""
    return is_portal(actor)


def may_apply_self(actor, training_class) -> bool:
    """Apply for a class from the public job board: one's own application (报名), to a class not finished."""
    return is_portal(actor) and training_class.status != "finished"


def may_check_self_sign_up(actor, worker, training_class=None) -> bool:
    """Confirm or reject a public sign-up flagged 待核实: staff who write the worker (for a class, who may
    also enrol the worker in it, since a rejection drops the application)."""
    if training_class is not None:
        return may_enrol(actor, training_class, worker)
    return may_write_worker(actor, worker.township_id)


# --- employers -------------------------------------------------------------------------------------------


def _is_member(actor, employer) -> bool:
    if employer is None or employer.pk is None or actor is None or actor.pk is None:
        return False
    ids = getattr(actor, "_laborbridge_employer_ids", None)
    if ids is None:  # read once per request: a desk of referrals asks for each row
        ids = actor._laborbridge_employer_ids = set(actor.employers.values_list("pk", flat=True))
    return employer.pk in ids


def employers_q(actor, via: str = "") -> Q:
    """The employers `actor` may read (through the relation path `via`, e.g. "employer__")."""
    granted = reach(actor, "view_employers")
    if granted is Reach.ALL:
        return Q()
    if granted is Reach.EMPLOYER:
        return Q(**{f"{via}members": actor})
    counties = region_scope(actor, "view_employers").counties
    if not counties:
        return NOTHING_Q
    return Q(**{f"{via}region_id__in": counties}) | Q(**{f"{via}provided_by_id__in": counties})


def _employer_reach(actor, capability: str, employer) -> bool:
    granted = reach(actor, capability)
    if granted is Reach.ALL:
        return True
    if granted is Reach.EMPLOYER:
        return _is_member(actor, employer)
    if granted in (Reach.BROUGHT, Reach.PROVIDED) and actor.region_id in (
        employer.region_id,
        employer.provided_by_id,
    ):
        return True
    if granted is Reach.BROUGHT:
        return False
    if granted is Reach.PROVIDED:  # a partner county does not unmask a western employer's phone
        return employer.provided_by_id in region_eastern_partner_codes(code=actor.region_id[:6])
    counties = region_scope(actor, capability).counties
    return bool({employer.region_id, employer.provided_by_id} & counties)
    return False


def may_create_employers(actor) -> bool:
    return may(actor, "create_employers")


def may_write_employer(actor, employer) -> bool:
    """Change the employer's details and its vacancies."""
    return _employer_reach(actor, "write_employers", employer)


# What an employer's own user may change of its record: how to reach it. Its name, code, kind, place and
# who brought it in (the credit a bureau is judged by) are the bureau's.
EMPLOYER_CONTACT_FIELDS = frozenset({"address", "contact_name", "contact_phone"})


def employer_fields_writable(actor, employer, fields) -> set[str]:
    """Which of `fields` of the employer's record `actor` may change."""
    if _employer_reach(actor, "write_employer_records", employer):
        return set(fields)
    if may_write_employer(actor, employer):
        return set(fields) & EMPLOYER_CONTACT_FIELDS
    return set()


def may_recognise_base(actor, employer) -> bool:
    return _employer_reach(actor, "recognise_bases", employer)


def may_manage_employer_members(actor, employer) -> bool:
    return _employer_reach(actor, "manage_employer_members", employer)


def may_unmask_employer_contact(actor, employer) -> bool:
    return _employer_reach(actor, "unmask_employer_contact", employer)


def receiving_side(actor) -> bool:
    """Whether `actor` works for the eastern, receiving side of a pairing (电白, 茂南).

    Its work is the employers and vacancies its county brings in, the referrals to them and the western
    workers placed there: its home and menu lead there. It keeps its grants (a registry of its own district
    is still open to it by address); only what it is offered first follows from this.
    """
    if _role(actor) is None or not actor.region_id:
        return False
    cached = getattr(actor, "_laborbridge_receiving_side", None)
    if cached is None:
        cached = region_is_eastern_partner(code=actor.region_id[:6])
        actor._laborbridge_receiving_side = cached
    return cached


def acts_for_employer(actor) -> bool:
    """Whether the actor works for an employer (sees its desk) rather than for a bureau."""
    return may(actor, "employer_desk")


# --- referrals, follow-ups, placed workers -----------------------------------------------------------------


def referrals_q(actor) -> Q:
    """Referrals `actor` may read: of its workers (wherever they went) and to its employers' vacancies."""
    granted = reach(actor, "view_referrals")
    if granted is Reach.ALL:
        return Q()
    if granted is Reach.EMPLOYER:
        return Q(vacancy__employer__members=actor)
    query = worker_scope(actor).worker_q("worker__")
    if granted is Reach.FROM_OWN_EMPLOYERS:
        query |= Q(vacancy__employer__region_id__in=worker_scope(actor).counties)
    return query if granted is not Reach.NONE else NOTHING_Q


def may_move_referral(actor, referral) -> bool:
    """Take a step on a referral: staff over the worker, or the employer of the vacancy."""
    granted = reach(actor, "move_referrals")
    if granted is Reach.EMPLOYER:
        return _is_member(actor, referral.vacancy.employer)
    return region_scope(actor, "move_referrals").covers(referral.worker.township_id)


def may_confirm_arrival(actor, referral) -> bool:
    """The factory gate (进厂门) is the employer's to confirm."""
    granted = reach(actor, "confirm_arrival")
    return granted is Reach.ALL or (
        granted is Reach.EMPLOYER and _is_member(actor, referral.vacancy.employer)
    )


def may_withdraw_referral_step(actor, step, *, today=None) -> bool:
    """Withdraw a referral step recorded by mistake: only its author, only on the day it was recorded
    (Asia/Shanghai), and only while still allowed to take steps on that referral."""
    if _role(actor) is None or step.by_id != actor.pk:
        return False
    if timezone.localdate(step.created_at) != (today or timezone.localdate()):
        return False
    return may_move_referral(actor, step.referral) or may_confirm_arrival(actor, step.referral)


def may_refer(actor, worker, *, fair=None, vacancy=None) -> bool:
    """Put a worker forward: staff over the worker, or (with `fair`) whoever may record an intent there."""
    if may_write_worker(actor, worker.township_id):
        return True
    return fair is not None and may_record_fair_intent(actor, fair, worker, vacancy)


def follow_ups_q(actor) -> Q:
    """Check-ups of spells and of trainees whose worker is within the actor's follow-up reach."""
    scope = region_scope(actor, "answer_follow_ups")
    return scope.worker_q("employment__worker__") | scope.worker_q("enrolment__worker__")


def training_classes_q(actor) -> Q:
    """Classes `actor` may read: those organised by a region of its own county or its partners."""
    scope = region_scope(actor, "view_training")
    if scope.everywhere:
        return Q()
    if not scope:
        return NOTHING_Q
    query = NOTHING_Q
    for county in sorted({code[:6] for code in scope.prefixes}):
        query |= prefix_q("organisers__code", county)
    return query


def may_manage_class(actor, training_class) -> bool:
    """Change a class, enrol its trainees, mark attendance, completion, certificates: its organisers' staff."""
    scope = region_scope(actor, "manage_training")
    if scope.everywhere:
        return True
    if not scope or training_class.pk is None:
        return False
    counties = scope.counties
    return any(region.code[:6] in counties for region in training_class.organisers.all())


def may_organise_in(actor, region_code: str) -> bool:
    """Name `region_code` as an organiser of a class: a region of the actor's own county."""
    scope = region_scope(actor, "manage_training")
    return scope.everywhere or (bool(scope) and region_code[:6] in scope.counties)


def trainees_q(actor, via: str = "") -> Q:
    """Trainees (enrolments) `actor` may see by name (masked): its own workers in classes it may read."""
    return worker_scope(actor).worker_q(f"{via}worker__")


def may_enrol(actor, training_class, worker) -> bool:
    """Enrol a registry worker: the class's organisers' staff, for workers within the actor's scope."""
    return may_manage_class(actor, training_class) and worker_scope(actor).covers(worker.township_id)


def placed_q(actor) -> Q:
    """Spells of other regions' workers at work in the actor's territory or at the actor's employer."""
    granted = reach(actor, "view_placed")
    if granted is Reach.EMPLOYER:
        return Q(employer__members=actor)
    if granted is not Reach.PLACED_HERE:
        return NOTHING_Q
    own = worker_scope(actor)
    where = NOTHING_Q
    for county in own.counties:
        where |= prefix_q("place__code", county) | Q(employer__region_id=county)
    return where & ~own.worker_q("worker__")


# --- job fairs ------------------------------------------------------------------------------------------------
#
# A fair is reached through its organising regions (counties): OWN is the actor's county among them, PAIRING
# the actor's county or a partner of it; an employer's user reaches the fairs its employer takes part in.


def fairs_q(actor, capability: str = "view_fairs") -> Q:
    """The fairs `actor` reaches for `capability` (join through organisers: select distinct, or by pk)."""
    granted = reach(actor, capability)
    if granted is Reach.ALL:
        return Q()
    if granted is Reach.EMPLOYER:
        return Q(participations__employer__members=actor)
    counties = region_scope(actor, capability).counties
    return Q(organisers__code__in=sorted(counties)) if counties else NOTHING_Q


def _fair_reach(actor, capability: str, fair) -> bool:
    granted = reach(actor, capability)
    if granted is Reach.ALL:
        return True
    if granted is Reach.EMPLOYER:
        return fair.participations.filter(employer__members=actor).exists()
    counties = region_scope(actor, capability).counties
    return bool(counties) and fair.organisers.filter(code__in=sorted(counties)).exists()


def may_see_fair(actor, fair) -> bool:
    return _fair_reach(actor, "view_fairs", fair)


def may_manage_fair(actor, fair) -> bool:
    """Change a fair, its status, employers and positions: the organising counties' bureaus."""
    return _fair_reach(actor, "manage_fairs", fair)


def may_manage_fair_in(actor, organiser_codes) -> bool:
    """Create a fair organised by these counties: the actor must be one of them (or the administrator)."""
    granted = reach(actor, "manage_fairs")
    if granted is Reach.ALL:
        return True
    return granted is not Reach.NONE and actor.region_id[:6] in set(organiser_codes)


def may_check_in_at_fair(actor, fair) -> bool:
    return _fair_reach(actor, "check_in_fair_visitors", fair)


def may_record_consultation(actor, fair) -> bool:
    return _fair_reach(actor, "record_consultations", fair)


def may_record_fair_intent(actor, fair, worker, vacancy=None) -> bool:
    """Record an intent at a fair: only while it is open, only for one of its visitors; an employer's user
    only on its own employer's vacancies."""
    if fair.status != "open" or not _fair_reach(actor, "record_fair_intents", fair):
        return False
    if reach(actor, "record_fair_intents") is Reach.EMPLOYER and (
        vacancy is None or not _is_member(actor, vacancy.employer)
    ):
        return False
    return fair.visits.filter(worker=worker).exists()


def may_record_intents_at(actor, fair) -> bool:
    """Whether the booth page is the actor's at this fair (each intent is still checked one by one)."""
    return _fair_reach(actor, "record_fair_intents", fair)


# --- ledger imports, reports, audit ------------------------------------------------------------------------


def import_jobs_q(actor) -> Q:
    granted = reach(actor, "view_import_jobs")
    if granted is Reach.ALL:
        return Q()
    if granted is Reach.SELF:
        return Q(actor=actor)
    if granted is Reach.OWN:
        return Q(actor=actor) | Q(county_id__in=region_scope(actor, "view_import_jobs").counties)
    return NOTHING_Q


def importable_scope(actor) -> Scope:
    """Where `actor` may import ledger rows (a township's staff: its township's rows, into its county)."""
    return region_scope(actor, "import_ledger")


def may_confirm_import(actor, job) -> bool:
    """Confirm or cancel an import: the one who uploaded it and saw its check."""
    return reach(actor, "confirm_imports") is Reach.SELF and job.actor_id == actor.pk


def may_download_import_errors(actor, job) -> bool:
    granted = reach(actor, "download_import_errors")
    return granted is Reach.ALL or (granted is Reach.SELF and job.actor_id == actor.pk)


def report_scope(actor) -> Scope:
    return region_scope(actor, "view_reports")


def may_view_audit_trail(actor) -> bool:
    return may(actor, "view_audit_trail")


# --- sign-in and user administration -------------------------------------------------------------------------


def _role_of(user) -> str | None:
    """A user's effective role whether or not it is active (the admin pages list disabled accounts too)."""
    if user is None or user.pk is None:
        return None
    return Role.ADMIN if user.is_superuser else user.role


def needs_second_factor(user) -> bool:
    """Whether `user`'s role sees personal data, so that signing in takes a one-time code (TOTP) too."""
    role = _role_of(user)
    return role is not None and any(
        GRANTS[name].grants.get(role, Reach.NONE) is not Reach.NONE for name in PERSONAL_DATA_CAPABILITIES
    )


def assignable_roles(actor) -> tuple:
    """The roles `actor` may give when opening or changing an account."""
    return ASSIGNABLE_ROLES.get(reach(actor, "manage_users"), ())


def users_q(actor) -> Q:
    """The accounts `actor` manages: everybody for the administrator; a county bureau's own county."""
    granted = reach(actor, "manage_users")
    if granted is Reach.ALL:
        return Q()
    if granted is Reach.OWN:
        return prefix_q("region_id", actor.region_id[:6]) & Q(
            role__in=ASSIGNABLE_ROLES[Reach.OWN], is_superuser=False
        )
    return NOTHING_Q


def may_manage_user(actor, user) -> bool:
    """Change, disable or reset `user`: within the actor's county and the roles it may give; never oneself."""
    granted = reach(actor, "manage_users")
    if granted is Reach.NONE or user.pk == actor.pk:
        return False
    if granted is Reach.ALL:
        return True
    return (
        not user.is_superuser
        and user.role in ASSIGNABLE_ROLES[granted]
        and region_scope(actor, "manage_users").covers(user.region_id)
    )


def may_assign(actor, role: str, region_code: str | None) -> bool:
    """Give an account `role` in `region_code`: a role the actor may give, in a region it reaches."""
    granted = reach(actor, "manage_users")
    if role not in assignable_roles(actor):
        return False
    return granted is Reach.ALL or region_scope(actor, "manage_users").covers(region_code)


# --- the table ---------------------------------------------------------------------------------------------


def access_table() -> str:
    """docs/access.md: the role × capability table, generated from GRANTS."""
    roles = list(Role)
    lines = [
        "# 访问控制：角色 × 权限 (generated)",
        "",
        "Generated from `laborbridge/accounts/policy.py` by `laborbridge access_table > docs/access.md`;",
        "a test fails when this file and the policy differ. \u201c—\u201d means no access; out-of-reach",
        "records answer 404, reachable records the role may not change answer 403.",
        "",
        "| 权限 | code | " + " | ".join(str(role.label) for role in roles) + " |",
        "|---|---|" + "---|" * len(roles),
    ]
    for name, capability in GRANTS.items():
        cells = [capability.grants.get(role, Reach.NONE).value for role in roles]
        lines.append(f"| {capability.label} | `{name}` | " + " | ".join(cells) + " |")
    second = [str(role.label) for role in roles if needs_second_factor(User(role=role, pk=0))]
    lines += [
        "",
        "Across the pairing (minimum necessary): a county sees the partner side's workers as counts in its",
        "indicators, and by name only where they are placed with it (来此务工人员, the drill-down of",
        "`partner_workers_taken_in`): name, masked ID number, sex and home township — never their village,",
        "poverty status, phone or anything else of the registry. A partner county does not unmask a western",
        "employer's contact phone.",
        "",
        "Sign-in with a second factor (TOTP) for roles that see personal data: " + "、".join(second),
        "",
        "Reaches:",
        "",
    ]
    for item in Reach:
        if item is not Reach.NONE:
            lines.append(f"- **{item.value}** (`{item.name}`)")
    return "\n".join(lines) + "\n"


# --- chartered buses (点对点专车) -------------------------------------------------------------------------------
#
# A campaign is reached through its organising regions, as a training class is. Its sign-ups are named only
# within the reader's worker scope (masked); the receiving employer confirms arrival (`confirm_arrival`) for
# the sign-ups bound for it, and sees only those.


def transport_campaigns_q(actor, capability: str = "view_transport") -> Q:
    """Campaigns `actor` reaches (join through organisers: select distinct, or by pk)."""
    if reach(actor, "confirm_arrival") is Reach.EMPLOYER and reach(actor, capability) is Reach.NONE:
        return Q(signups__employer__members=actor)
    scope = region_scope(actor, capability)
    if scope.everywhere:
        return Q()
    counties = scope.counties
    return Q(organisers__code__in=sorted(counties)) if counties else NOTHING_Q


def _organised_by(actor, capability: str, campaign) -> bool:
    scope = region_scope(actor, capability)
    if scope.everywhere:
        return True
    if not scope or campaign.pk is None:
        return False
    return any(region.code[:6] in scope.counties for region in campaign.organisers.all())


def may_manage_campaign(actor, campaign) -> bool:
    """Change a campaign, plan its buses, move passengers: its organisers' staff."""
    return _organised_by(actor, "manage_transport", campaign)


def may_organise_transport_in(actor, region_code: str) -> bool:
    """Name `region_code` as an organiser of a campaign: a region of the actor's own county."""
    scope = region_scope(actor, "manage_transport")
    return scope.everywhere or (bool(scope) and region_code[:6] in scope.counties)


def may_sign_up_for_bus(actor, campaign, worker) -> bool:
    """Sign a worker up: staff who may write the worker, for a campaign they see; or, on the portal, the person
    themselves: an actor bound to that very record (`portal_actor_for`), never another one."""
    if is_portal(actor):
        return actor.worker_id is not None and actor.worker_id == worker.pk
    return _organised_by(actor, "view_transport", campaign) and may_write_worker(actor, worker.township_id)


def bus_signups_q(actor, via: str = "") -> Q:
    """Sign-ups `actor` may see by name (masked): its own workers', or, for an employer, those bound for it."""
    if reach(actor, "confirm_arrival") is Reach.EMPLOYER:
        return Q(**{f"{via}employer__members": actor})
    return worker_scope(actor).worker_q(f"{via}worker__")


def may_board(actor, campaign) -> bool:
    """Tick passengers at the bus door: staff of an organising county (and its townships)."""
    return _organised_by(actor, "board_transport", campaign)


def may_confirm_bus_arrival(actor, signup) -> bool:
    """The factory gate (进厂门): only the sign-up's destination employer (or an administrator)."""
    granted = reach(actor, "confirm_arrival")
    return granted is Reach.ALL or (granted is Reach.EMPLOYER and _is_member(actor, signup.employer))


def may_unmask_manifest_phone(actor, signup) -> bool:
    """See a passenger's full phone on a manifest (escort duty): within the reach, audited."""
    return region_scope(actor, "unmask_manifest_phones").covers(signup.worker.township_id)


def may_manage_travel_subsidy(actor, worker) -> bool:
    """Approve and export a worker's travel subsidy: the worker's county bureau."""
    return region_scope(actor, "manage_travel_subsidies").covers(worker.township_id)


def may_manage_campaign_subsidies(actor, campaign) -> bool:
    """Approve and export a campaign's travel subsidies: the bureau of an organising county."""
    return _organised_by(actor, "manage_travel_subsidies", campaign)
