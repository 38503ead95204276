"""Background tasks of the imports (django-tasks). The worker imports this module by path;
it imports only what the tasks run."""

from django_tasks import task

from jiwon.core.imports.runner import import_run


@task()
def run_import(run_id: int) -> None:
    import_run(run_id=run_id)
