"""The curated list of common occupations (工种).

A code of the 2022 national classification (职业分类大典) is given only where the occupation maps to one
title there with certainty; the others are left blank for a maintainer to fill, rather than guessed.
"""

# (name, code or "")
OCCUPATIONS = [
    ("普工/流水线", ""),
    ("电子产品装配", ""),
    ("服装缝纫", ""),
    ("食品加工", ""),
    ("水产品加工", ""),
    ("仓库管理", ""),
    ("快递分拣", ""),
    ("物流配送", ""),
    ("财务", ""),
    ("销售", ""),
    ("保安", "4-07-05-01"),
    ("保洁", ""),
    ("家政服务", "4-10-01-06"),
    ("育婴", "4-10-01-02"),
    ("养老护理", "4-10-01-05"),
    ("中式烹调(粤菜)", "4-03-02-01"),
    ("中式面点", "4-03-02-02"),
    ("餐厅服务", "4-03-02-05"),
    ("茶叶加工", ""),
    ("电商直播", "4-01-02-07"),
    ("电工", "6-31-01-03"),
    ("焊工", "6-18-02-04"),
    ("司机", ""),
    ("建筑工", ""),
    ("农业种植", ""),
    ("其他", ""),
]
