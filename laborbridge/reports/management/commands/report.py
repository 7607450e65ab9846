import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from laborbridge.core.replica import replica_reads
from laborbridge.regions.models import Region
from laborbridge.reports.indicators import REGISTRY, compute, context, period_problem


def iso(text: str, name: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{name} 应为 YYYY-MM-DD 格式的日期：{text}") from None


class Command(BaseCommand):
    help = "Compute every indicator for a region (county or township) and a period."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="a county (6 digits) or township (9 digits) code")
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, region, start, end, as_json, **options):
        place = Region.objects.filter(code=region, level__in=["county", "township"]).first()
        if place is None:
            raise CommandError(f"区划代码不存在或不是县、乡级：{region}")
        first, last = iso(start, "--from"), iso(end, "--to")
        if first > last:
            raise CommandError("--from 不能晚于 --to")
        if problem := period_problem(first, last):
            raise CommandError(problem)
        with replica_reads():  # the read replica, where one is configured
            figures = compute(context(place, first, last))
        if as_json:
            payload = {"region": region, "from": start, "to": end, "indicators": figures}
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        self.stdout.write(f"{place.name} {start} 至 {end}")
        for key, value in figures.items():
            self.stdout.write(f"  {REGISTRY[key].name}（{key}）：{value}")
