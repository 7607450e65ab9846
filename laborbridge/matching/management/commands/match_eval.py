import datetime
import json
import random

from django.core.management.base import BaseCommand
from django.utils import timezone

from laborbridge.employers.models import Vacancy
from laborbridge.matching import evaluation
from laborbridge.matching.facts import stable_hire_cases, vacancy_facts, worker_facts
from laborbridge.matching.selectors import weights
from laborbridge.workers.models import Worker

MIN_RECORDED = (
    50  # fewer stable hires on record than this: the history is generated (see evaluation.simulate)
)


class Command(BaseCommand):
    help = (
        "Measure the matcher on outcomes (hires that lasted ≥3 months): precision@5, recall@10 and MRR for the "
        "matcher and two baselines (newest first; same 工种 only), tuned on the earlier cases, tested on the later."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument(
            "--source",
            choices=["auto", "records", "demo", "synthetic"],
            default="auto",
            help="records: the referrals on record; demo: a history generated with hidden wishes for the "
            "database's own workers and vacancies; synthetic: generated people and vacancies; auto: records "
            f"when there are {MIN_RECORDED} stable hires, else demo when the database holds workers, else synthetic",
        )
        parser.add_argument("--no-tune", action="store_true", help="keep the weights in settings, untuned")
        parser.add_argument("--seed", type=int, default=15)
        parser.add_argument("--workers", type=int, default=3000, help="people in a generated history")
        parser.add_argument("--vacancies", type=int, default=300, help="vacancies in a generated history")

    def handle(self, *args, **options):
        source = options["source"]
        cases = []
        if source in ("auto", "records"):
            cases = stable_hire_cases(as_of=timezone.localdate())
            if source == "auto" and len(cases) < MIN_RECORDED:
                source = "demo" if Worker.objects.exists() and Vacancy.objects.exists() else "synthetic"
            else:
                source = "records"
        if source == "demo":
            cases = self._demo(options)
        elif source == "synthetic":
            cases = evaluation.simulate(
                evaluation.synthetic_workers(options["workers"], options["seed"]),
                evaluation.synthetic_vacancies(options["vacancies"], options["seed"]),
                seed=options["seed"],
            )
        report = {
            "source": source,
            **evaluation.evaluate(cases, tune_weights=not options["no_tune"], weights=weights()),
        }
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"source: {source}; cases: {report['cases']}")
        for name, figures in report["results"].items():
            self.stdout.write(
                f"{name:16} precision@5 {figures['precision_at_5']:.3f}  recall@10 {figures['recall_at_10']:.3f}"
                f"  MRR {figures['mrr']:.3f}"
            )
        self.stdout.write(f"weights: {report['weights']}")

    def _demo(self, options) -> list:
        """A generated history for the database's own people and vacancies (the demo's)."""
        rng = random.Random(options["seed"])
        ids = list(Worker.objects.order_by("pk").values_list("pk", flat=True))
        chosen = sorted(rng.sample(ids, min(len(ids), options["workers"])))
        people = worker_facts(Worker.objects.filter(pk__in=chosen), as_of=datetime.date(2023, 1, 1))
        vacancy_ids = list(Vacancy.objects.exclude(status=Vacancy.Status.DRAFT).values_list("pk", flat=True))
        picked = sorted(rng.sample(vacancy_ids, min(len(vacancy_ids), options["vacancies"])))
        jobs = vacancy_facts(Vacancy.objects.filter(pk__in=picked), hires={})
        return evaluation.simulate(people, jobs, seed=options["seed"])
