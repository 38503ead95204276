"""Background tasks of outcomes (django-tasks). The worker imports this module by path; it
imports only what the tasks run."""

from django_tasks import task

from jiwon.outcomes.report.build import report_build


@task()
def generate_report(run_id: int) -> None:
    report_build(run_id=run_id)
