"""Recognise a ledger's columns by their header text, in any order, with the common aliases."""

from laborbridge.core.headers import Header, HeaderAliases, fold

__all__ = ["ALIASES", "LEDGER_HEADERS", "Header", "find_header", "fold"]

# field: header texts that name it (compared after folding, see `fold`).
ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "劳动力姓名", "人员姓名"),
    "id_number": (
        "公民身份号码",
        "身份证号码",
        "身份证号",
        "证件号码",
        "身份证",
        "身份证件号码",
        "公民身份证号码",
        "证件号",
    ),
    "sex": ("性别",),
    "ethnicity": ("民族",),
    "education": ("文化程度", "学历", "受教育程度"),
    "phone": ("手机号码", "联系电话", "手机号", "联系方式", "电话", "手机", "本人手机号码", "本人联系电话"),
    "township": (
        "乡(镇)",
        "乡镇",
        "镇",
        "乡镇(街道)",
        "乡(镇、街道)",
        "所属乡镇",
        "所在乡镇",
        "乡镇名称",
        "镇(乡)",
        "所属乡镇(街道)",
    ),
    "village": (
        "行政村",
        "村",
        "村(社区)",
        "行政村(社区)",
        "所属村",
        "村委",
        "村委会",
        "村(居)委会",
        "村(居)",
        "所在村",
        "所在村(社区)",
        "村民委员会",
        "村名",
    ),
    "poverty_status": ("人员类别", "脱贫属性", "帮扶对象类别", "户类型", "农户类型", "人口类型"),
    "alleviated": ("是否脱贫劳动力", "是否脱贫户", "脱贫户", "是否脱贫人口"),
    "monitored": ("是否监测对象", "是否防止返贫监测对象", "监测对象"),
    "employment_state": ("就业状态", "务工状态", "就业情况", "务工情况"),
    "place_class": (
        "就业地点",
        "务工地点",
        "务工地域",
        "就业地域",
        "务工地址",
        "就业地址",
        "工作地点",
        "务工所在地",
        "就业所在地",
        "务工地区",
        "就业地区",
        "外出务工地点",
        "务工去向",
    ),
    "employer_name": (
        "就业单位",
        "务工单位",
        "务工企业名称",
        "就业单位名称",
        "务工单位名称",
        "务工企业",
        "就业企业",
        "工作单位",
        "用工单位",
        "用工单位名称",
    ),
    "occupation": ("工种", "从事工种", "务工工种", "岗位工种", "从事职业", "职业", "工作岗位", "务工岗位"),
    "monthly_income": (
        "月收入",
        "月收入(元)",
        "月工资",
        "月均收入",
        "月均收入(元)",
        "月工资(元)",
        "务工月收入",
        "月收入(元/月)",
        "务工收入(元/月)",
    ),
    "start": (
        "务工时间",
        "就业时间",
        "外出务工时间",
        "就业日期",
        "务工开始时间",
        "开始务工时间",
        "外出时间",
        "外出务工日期",
        "就业开始时间",
    ),
    "skills": ("技能特长", "技能", "专业技能", "职业技能", "特长"),
    "notes": ("备注",),
}
LEDGER_HEADERS = HeaderAliases(ALIASES, required=("name", "id_number"))


def find_header(rows: list[list]) -> Header | None:
    """The row within the first rows that names the most known columns, if it names name and ID."""
    return LEDGER_HEADERS.find(rows)
