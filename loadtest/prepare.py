"""Prepare a seeded demo database for the load test: staff accounts with a phone (TOTP), search terms, ledgers.

    .venv/bin/python loadtest/prepare.py --users 200 [--out var/loadtest]

Run against the same DATABASE_URL as the server under test, after `laborbridge seed_demo`. It writes
`users.json` (usernames, passwords, TOTP secrets in hex), `terms.json` (names, pinyin and ID tails of demo
workers of 金秀 to search for) and one small ledger per account (`ledger-NNN.xlsx`, 20 rows of 金秀) into
`--out`, which is a private folder: the file holds working credentials of this test database.

The accounts are real staff accounts (county bureau of 金秀, every fourth one 桐木镇's labour office) with a
confirmed TOTP device, so the server runs with production settings (DEBUG off, OTP_REQUIRED on) and each
simulated user signs in with a password and a one-time code computed from the secret, as a phone would. The
accounts are named `load-NNN`; a second run resets their passwords and phones. It is a harness for a test
database, never for a real one, and asks for `--i-know-this-is-a-test-database` to say so.
"""

import argparse
import datetime
import json
import os
import random
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

JINXIU = "451324"
TONGMU = "451324101"
LEDGER_ROWS = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--users", type=int, default=200, help="staff accounts to make (one per simulated user)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "loadtest")
    parser.add_argument("--i-know-this-is-a-test-database", dest="confirmed", action="store_true")
    args = parser.parse_args()
    if not args.confirmed:
        sys.exit("This makes accounts with known passwords: add --i-know-this-is-a-test-database.")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laborbridge.settings")
    import django

    django.setup()
    from laborbridge.demo.services import demo_present

    if not demo_present():
        sys.exit("No demo data here: run `laborbridge seed_demo` first.")
    args.out.mkdir(mode=0o700, parents=True, exist_ok=True)
    users = make_accounts(args.users)
    (args.out / "users.json").write_text(json.dumps(users, ensure_ascii=False, indent=1))
    os.chmod(args.out / "users.json", 0o600)
    (args.out / "terms.json").write_text(json.dumps(search_terms(), ensure_ascii=False, indent=1))
    for index in range(args.users):
        write_ledger(args.out / f"ledger-{index:03d}.xlsx", index)
    print(f"{len(users)} accounts, search terms and ledgers in {args.out}", file=sys.stderr)


def make_accounts(count: int) -> list[dict]:
    from django.db import transaction
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from laborbridge.accounts.models import User

    accounts = []
    with transaction.atomic():
        for index in range(count):
            township = index % 4 == 3
            username = f"load-{index:03d}"
            password = secrets.token_urlsafe(12)
            user, _created = User.objects.get_or_create(username=username)
            user.first_name = f"压测{index:03d}"
            user.role = User.Role.TOWNSHIP if township else User.Role.COUNTY
            user.region_id = TONGMU if township else JINXIU
            user.is_active = True
            user.must_change_password = False
            user.set_password(password)  # stamps password_changed_at
            user.save()
            TOTPDevice.objects.filter(user=user).delete()
            device = TOTPDevice.objects.create(user=user, name="load test", confirmed=True)
            accounts.append(
                {
                    "username": username,
                    "password": password,
                    "totp_key": device.key,
                    "county": JINXIU,
                    "ledger": f"ledger-{index:03d}.xlsx",
                    "made": timezone.now().isoformat(),
                }
            )
    return accounts


def search_terms() -> dict:
    """What staff type into the search box: names, full pinyin, initials, and last digits of ID numbers."""
    from laborbridge.fairs.models import JobFair
    from laborbridge.reports.indicators import REGISTRY
    from laborbridge.workers.models import Worker

    rng = random.Random(5)
    rows = list(Worker.objects.filter(county_id=JINXIU).values_list("name", "name_pinyin", "pk"))
    sample = rng.sample(rows, min(200, len(rows)))
    tails = [w.id_number[-4:] for w in Worker.objects.filter(pk__in=[pk for _n, _p, pk in sample[:100]])]
    pinyins = [p.split()[0] if " " in p else p for _n, p, _pk in sample]
    return {
        "names": [n for n, _p, _pk in sample],
        "surnames": sorted({n[0] for n, _p, _pk in sample}),
        "pinyin": [p for p in pinyins if p],
        "id_tails": tails,
        "fairs": list(JobFair.objects.values_list("slug", flat=True)),
        "indicators": list(REGISTRY),
    }


def write_ledger(path: Path, index: int) -> None:
    """A small clean ledger of 金秀 for account `index`: its own 20 people, born on its own days."""
    import xlsxwriter

    from laborbridge.core import idnumber

    rng = random.Random(index)
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("台账")
    header = [
        "序号",
        "姓名",
        "性别",
        "公民身份号码",
        "乡(镇)",
        "是否脱贫劳动力",
        "就业状态",
        "就业地点",
        "月收入(元)",
    ]
    sheet.write_row(0, 0, header)
    for row in range(LEDGER_ROWS):
        # Born on the account's own day of 1975, numbered 001-020: apart from each other's people.
        birth = datetime.date(1975, 1, 1) + datetime.timedelta(days=index)
        body = f"{JINXIU}{birth:%Y%m%d}{row + 1:03d}"
        employed = rng.random() < 0.6
        sheet.write_row(
            row + 1,
            0,
            [
                row + 1,
                rng.choice("王李张刘陈杨黄赵") + rng.choice(["小明", "秀英", "志强", "桂兰", "海波"]),
                "男" if (row + 1) % 2 else "女",
                body + idnumber.check_digit(body),
                "桐木镇",
                rng.choice(["是", "否"]),
                "已就业" if employed else "未就业",
                rng.choice(["广东省茂名市电白区", "县内", "南宁市"]) if employed else "",
                rng.randrange(2500, 6000, 100) if employed else "",
            ],
        )
    book.close()


if __name__ == "__main__":
    main()
