"""Vocabulary for realistic demo records of 金秀 (a Yao autonomous county) and its eastern partners."""

JINXIU = "451324"
JINXIU_BEFORE_2002 = "452230"  # 金秀's code until 2002, still carried by older ID numbers
DIANBAI, MAONAN = "440904", "440902"

# Relative sizes of the rural labour force of 金秀's ten townships.
TOWNSHIP_WEIGHTS = {
    "451324100": 12,
    "451324101": 22,
    "451324102": 16,
    "451324200": 7,
    "451324201": 8,
    "451324202": 8,
    "451324203": 8,
    "451324204": 9,
    "451324205": 5,
    "451324207": 5,
}

SURNAMES = [
    ("盘", 9),
    ("赵", 8),
    ("庞", 5),
    ("黄", 9),
    ("李", 7),
    ("冯", 4),
    ("苏", 4),
    ("胡", 4),
    ("陶", 3),
    ("蓝", 3),
    ("金", 2),
    ("莫", 5),
    ("韦", 7),
    ("覃", 5),
    ("陈", 5),
    ("张", 4),
    ("刘", 3),
    ("梁", 3),
    ("罗", 3),
    ("邓", 3),
    ("全", 2),
    ("卢", 2),
    ("钟", 2),
    ("潘", 2),
]
GIVEN_MALE = list("志明华强军伟勇永国文建海林福贵生荣德金成光平东辉兴旺")
GIVEN_FEMALE = list("秀英兰梅芳玉凤霞丽萍红燕娟美春花桂珍琴艳妹")
SECOND_CHARS = list("秀明春金玉小德桂文海志建丽")

ETHNICITY_WEIGHTS = [("瑶族", 36), ("壮族", 24), ("汉族", 37), ("苗族", 2), ("侗族", 1)]
EDUCATION_WEIGHTS = [("primary", 20), ("junior", 50), ("senior", 20), ("college", 7), ("bachelor", 3)]
POVERTY_WEIGHTS = [("alleviated", 40), ("monitored", 4), ("ordinary", 56)]
SKILLS = [
    "",
    "",
    "",
    "电工",
    "焊工",
    "厨师",
    "粤菜烹饪",
    "家政服务",
    "育婴",
    "茶叶加工",
    "电商直播",
    "驾驶（C1）",
    "普工",
    "缝纫",
    "木工",
    "砌筑",
    "养殖",
    "种植（茶叶、八角）",
    "护理",
]
MOBILE_PREFIXES = [
    "130",
    "131",
    "132",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "155",
    "157",
    "158",
    "159",
    "177",
    "180",
    "181",
    "182",
    "183",
    "187",
    "188",
    "189",
    "191",
    "199",
]

# Where 金秀's workers work: (place class, weight, [(county code or township marker, employer names)]).
EMPLOYERS_IN_COUNTY = [
    "金秀县圣堂山旅游公司",
    "桐木工业园汇萃本草瑶药",
    "广西1828大健康产业园",
    "金秀县茶叶合作社",
    "头排镇就业帮扶车间",
    "金秀县公益性岗位（护林员）",
]
EMPLOYERS_IN_PROVINCE = [
    ("451302", "来宾市兴宾区糖厂"),
    ("450103", "南宁市青秀区物流园"),
    ("450203", "柳州市鱼峰区汽车配件厂"),
    ("450305", "桂林市七星区酒店"),
    ("451321", "忻城县建材厂"),
]
EMPLOYERS_PARTNER = [
    (DIANBAI, "茂名市电白区水产食品加工厂"),
    (DIANBAI, "电白区沙琅镇电子厂"),
    (DIANBAI, "电白区博贺港物流"),
    (MAONAN, "茂南区服装厂"),
    (MAONAN, "茂名市茂南区家政服务中心"),
    (MAONAN, "茂南区粤菜酒楼"),
    ("440306", "深圳市宝安区电子科技公司"),
    ("441900", "东莞市鞋业公司"),
    ("440604", "佛山市禅城区家具厂"),
    ("440106", "广州市天河区餐饮管理公司"),
]
EMPLOYERS_OTHER = [
    ("330106", "杭州市西湖区服装电商"),
    ("350203", "厦门市思明区电子厂"),
    ("320506", "苏州市吴中区精密制造"),
]
PLACE_WEIGHTS = [("in_county", 25), ("in_province", 20), ("partner_province", 45), ("other_province", 10)]

DEMO_USERS = [
    # username, display name, role, region
    ("admin", "系统管理员", "admin", None),
    ("jinxiu", "金秀县人社局", "county", JINXIU),
    ("tongmu", "桐木镇劳动保障所", "township", "451324101"),
    ("dianbai", "电白区人社局", "county", DIANBAI),
    ("maonan", "茂南区人社局", "county", MAONAN),
    ("xiezuo", "粤桂协作办（金秀）", "cooperation", JINXIU),
    ("auditor", "审计员", "auditor", None),
]

# Employers the eastern side brought in, with their vacancies: (county, name, kind, industry, provided_by,
# provided_on, [(title, occupation, headcount, pay_min, pay_max, lodging, meals)]).
EMPLOYERS = [
    (DIANBAI, "茂名市电白区水产食品有限公司", "private", "食品加工", DIANBAI, "2019-03-12",
     [("水产品加工普工", "水产品加工", 60, 4200, 6000, True, True), ("仓库管理员", "仓库管理", 4, 4500, 5500, True, True)]),
    (DIANBAI, "电白区沙琅电子科技有限公司", "sme", "电子制造", DIANBAI, "2020-02-20",
     [("电子装配工", "电子产品装配", 80, 4500, 6500, True, False), ("电工", "电工", 3, 5500, 7000, True, False)]),
    (DIANBAI, "茂名博贺港物流有限公司", "private", "物流", DIANBAI, "2021-05-08",
     [("快递分拣员", "快递分拣", 40, 4300, 6000, True, True), ("货车司机", "司机", 6, 6500, 9000, False, True)]),
    (DIANBAI, "电白区粤味酒楼", "individual", "餐饮", DIANBAI, "2022-06-16",
     [("粤菜厨师", "中式烹调(粤菜)", 5, 5500, 8000, True, True), ("餐厅服务员", "餐厅服务", 8, 3800, 4800, True, True)]),
    (DIANBAI, "电白区南粤家政服务中心", "sme", "家政服务", DIANBAI, "2020-09-01",
     [("家政服务员", "家政服务", 30, 4800, 7000, True, True), ("育婴员", "育婴", 15, 6000, 9000, True, True)]),
    (MAONAN, "茂名市茂南区华南服装有限公司", "private", "纺织服装", MAONAN, "2018-11-05",
     [("缝纫工", "服装缝纫", 50, 4000, 6500, True, True)]),
    (MAONAN, "茂南区石化配套物流有限公司", "state", "物流", MAONAN, "2019-07-22",
     [("仓储理货员", "仓库管理", 12, 4500, 5800, True, True), ("保安员", "保安", 6, 3800, 4500, True, True)]),
    (MAONAN, "茂南区荔乡食品厂", "sme", "食品加工", MAONAN, "2023-03-03",
     [("食品包装工", "食品加工", 35, 3900, 5200, True, True)]),
    (MAONAN, "茂南区颐康养老院", "public", "养老服务", MAONAN, "2021-10-10",
     [("养老护理员", "养老护理", 10, 4200, 5500, True, True)]),
    ("440306", "深圳市宝安区精密电子有限公司", "private", "电子制造", DIANBAI, "2022-02-14",
     [("流水线操作工", "普工/流水线", 100, 5000, 7000, True, False)]),
    (JINXIU, "广西1828大健康产业园", "private", "大健康", MAONAN, "2022-08-18",
     [("茶叶加工工", "茶叶加工", 20, 2800, 3800, False, True), ("电商主播", "电商直播", 5, 3500, 6000, False, False)]),
    (JINXIU, "汇萃本草瑶药健康产业项目（桐木工业园）", "private", "瑶医药", DIANBAI, "2023-05-20",
     [("瑶药加工工", "食品加工", 30, 2600, 3600, False, True)]),
]  # fmt: skip
DEMO_EMPLOYER_USER = ("qiye", "电白水产食品（企业账户）", "茂名市电白区水产食品有限公司")

# The counties where the eastern side's employers are, with the prefix of their names.
EAST_COUNTIES = [
    (DIANBAI, "茂名市电白区"), (DIANBAI, "茂名市电白区"), (DIANBAI, "茂名市电白区"), (MAONAN, "茂名市茂南区"),
    (MAONAN, "茂名市茂南区"), (MAONAN, "茂名市茂南区"), ("440306", "深圳市宝安区"), ("441900", "东莞市"),
    ("440604", "佛山市禅城区"), ("440106", "广州市天河区"), ("440113", "广州市番禺区"), ("442000", "中山市"),
]  # fmt: skip
BRANDS = list("鑫达华盛宏源嘉德恒信永泰丰瑞兴隆金安康润博远新联富海")
# (industry, name noun, [(vacancy title, occupation)])
INDUSTRIES = [
    ("食品加工", "食品", [("食品加工普工", "食品加工"), ("包装工", "普工/流水线"), ("仓管员", "仓库管理")]),
    ("水产加工", "水产", [("水产品加工工", "水产品加工"), ("冷库搬运工", "普工/流水线")]),
    ("电子制造", "电子科技", [("电子装配工", "电子产品装配"), ("品检员", "普工/流水线"), ("电工", "电工")]),
    ("纺织服装", "服饰", [("缝纫工", "服装缝纫"), ("整烫工", "普工/流水线")]),
    ("物流", "物流", [("分拣员", "快递分拣"), ("配送员", "物流配送"), ("货车司机", "司机")]),
    ("餐饮", "餐饮管理", [("粤菜厨师", "中式烹调(粤菜)"), ("面点师", "中式面点"), ("服务员", "餐厅服务")]),
    ("家政服务", "家政服务", [("家政服务员", "家政服务"), ("育婴员", "育婴"), ("养老护理员", "养老护理")]),
    ("建筑", "建设工程", [("建筑工", "建筑工"), ("焊工", "焊工")]),
    ("商贸", "商贸", [("销售员", "销售"), ("电商主播", "电商直播")]),
    ("物业", "物业管理", [("保安员", "保安"), ("保洁员", "保洁")]),
]  # fmt: skip

# 金秀's recognised bases: (employer name, kind, recognised on).
BASES = [
    ("广西1828大健康产业园", "stable_base", "2023-03-01"),
    ("汇萃本草瑶药健康产业项目（桐木工业园）", "workshop", "2023-08-15"),
]
