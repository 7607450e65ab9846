"""Words of Chinese job text (skills, titles), by jieba, and the synonyms of each occupation (工种).

jieba loads its dictionary once, lazily, on the first text it cuts, and quietly (it would log to stderr).
"""

import functools
import logging
import threading

# Words that say something about a trade, by occupation (the curated list's names, employers/occupations.py).
# A worker's skills text or a vacancy's title containing one of them fits that occupation.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "普工/流水线": ("普工", "流水线", "操作工", "装配", "包装"),
    "电子产品装配": ("电子", "装配", "插件", "焊锡", "贴片", "电子厂"),
    "服装缝纫": ("缝纫", "车工", "制衣", "服装", "平车", "裁剪"),
    "食品加工": ("食品", "加工", "包装", "烘焙"),
    "水产品加工": ("水产", "海鲜", "冷库", "剖鱼", "虾"),
    "仓库管理": ("仓库", "仓管", "库管", "理货", "叉车"),
    "快递分拣": ("快递", "分拣", "打包"),
    "物流配送": ("物流", "配送", "送货", "搬运"),
    "财务": ("财务", "会计", "出纳", "记账"),
    "销售": ("销售", "导购", "营业员", "推销"),
    "保安": ("保安", "安保", "门卫", "巡逻"),
    "保洁": ("保洁", "清洁", "家务"),
    "家政服务": ("家政", "保姆", "南粤家政", "家务", "月嫂"),
    "育婴": ("育婴", "月嫂", "带娃", "婴儿", "育儿"),
    "养老护理": ("养老", "护理", "护工", "陪护"),
    "中式烹调(粤菜)": ("粤菜", "厨师", "烹调", "烹饪", "厨", "粤菜师傅", "炒菜", "掌勺", "后厨"),
    "中式面点": ("面点", "点心", "包子", "面食", "早茶"),
    "餐厅服务": ("餐厅", "服务员", "传菜", "餐饮"),
    "茶叶加工": ("茶叶", "制茶", "茶", "炒茶", "评茶"),
    "电商直播": ("电商", "直播", "带货", "网店", "主播"),
    "电工": ("电工", "电气", "电路", "电工证"),
    "焊工": ("焊工", "电焊", "焊接", "气焊"),
    "司机": ("司机", "驾驶", "驾照", "开车", "货车", "叉车"),
    "建筑工": ("建筑", "泥水", "钢筋", "木工", "砌墙", "工地"),
    "农业种植": ("种植", "农业", "果树", "种菜", "大棚", "砂糖橘"),
}
# Occupations of one trade: a worker who wants one fits the others a little (a cook in a restaurant).
FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"中式烹调(粤菜)", "中式面点", "餐厅服务"}),
    frozenset({"家政服务", "育婴", "养老护理", "保洁"}),
    frozenset({"普工/流水线", "电子产品装配", "服装缝纫", "食品加工", "水产品加工"}),
    frozenset({"仓库管理", "快递分拣", "物流配送", "司机"}),
    frozenset({"电工", "焊工", "建筑工"}),
    frozenset({"茶叶加工", "农业种植"}),
)
STOP = frozenset({"工作", "岗位", "能够", "熟练", "经验", "以上", "优先", "师傅", "相关", "技能", "会"})

_ready = threading.Lock()
_jieba = None


def _cutter():
    """jieba, loaded once (first call), with the occupations' words added and its log silenced."""
    global _jieba
    if _jieba is None:
        with _ready:
            if _jieba is None:
                import jieba  # loaded on first use: its dictionary takes a second to build

                jieba.setLogLevel(logging.WARNING)
                for words in SYNONYMS.values():
                    for word in words:
                        jieba.add_word(word)
                jieba.initialize()
                _jieba = jieba
    return _jieba


@functools.lru_cache(maxsize=65536)
def words(text: str) -> frozenset[str]:
    """The meaningful words of a text (search mode: 粤菜师傅 gives 粤菜, 师傅 and 粤菜师傅)."""
    if not text or not text.strip():
        return frozenset()
    cut = _cutter().lcut_for_search(text)
    return frozenset(w for w in cut if len(w) >= 2 and w not in STOP and not w.isspace()) | frozenset(
        w for w in cut if len(w) == 1 and w in {"厨", "茶"}
    )


def occupation_words(occupation: str) -> frozenset[str]:
    """Words that stand for an occupation: its synonyms and the words of its name."""
    return frozenset(SYNONYMS.get(occupation, ())) | words(occupation.replace("/", " "))


def same_family(a: str, b: str) -> bool:
    return a != b and any(a in family and b in family for family in FAMILIES)
