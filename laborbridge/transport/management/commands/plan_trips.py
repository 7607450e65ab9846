import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from laborbridge.core.spreadsheets import SpreadsheetError
from laborbridge.transport.planning import plan_trips
from laborbridge.transport.sheet import read_signup_sheet


class Command(BaseCommand):
    help = (
        "Plan chartered buses from a sign-up sheet (.xlsx, .xls, .ods, .csv; columns passenger, date, pickup, "
        "destination, destination_city, optional seats): fewest buses, then fewest stops."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--seats", type=int, default=45, help="seats on each bus")
        parser.add_argument(
            "--seconds-per-day", type=float, default=2.0, help="the solver's time for one day"
        )
        parser.add_argument("--json", action="store_true", dest="as_json", help="print one JSON object")

    def handle(self, *args, file, seats, seconds_per_day, as_json, **options):
        if not Path(file).is_file():
            raise CommandError(f"文件不存在：{file}")
        if not 1 <= seats <= 100:
            raise CommandError("--seats 应为1至100的整数")
        try:
            rows = read_signup_sheet(file, seats=seats)
        except SpreadsheetError as exc:
            raise CommandError(str(exc)) from None
        plan = plan_trips(rows.passengers, seats=seats, seconds_per_day=seconds_per_day)
        errors = [{"row": e.row, "reason": e.reason} for e in rows.errors]
        if as_json:
            self.stdout.write(json.dumps({**plan.as_dict(), "errors": errors}, ensure_ascii=False))
            return
        for number, trip in enumerate(plan.trips, start=1):
            self.stdout.write(
                f"{trip.date} 第{number}车 {trip.seats_used}/{seats}座 停靠：{'、'.join(trip.stops)}"
            )
        self.stdout.write(f"共 {plan.buses} 辆车（下限 {plan.lower_bound} 辆），{plan.stops} 个停靠点")
        for error in rows.errors:
            self.stdout.write(f"第 {error.row} 行：{error.reason}")
