"""Excel imports as background tasks, the one way every import runs (issue 10 item 12).

An app registers each of its imports once (`register_import(ImportKind(...))` in its
AppConfig.ready()): what it is called, the capability it needs and the function that imports
one file, all rows or none (`run(run, actor, file, progress) -> ImportResult`). Then:

1. `import_request` stores the upload (bounded: `workbooks.MAX_BYTES`) as an `ImportRun` and
   queues `jiwon.core.imports.tasks.run_import` after the request's transaction: with the default
   immediate backend it runs inside the request, with the database queue a `jiwon worker`
   runs it while the status page (`core:import_status`) polls its progress (core/progress.py).
2. `import_run` opens the file, runs the import in the uploader's language, and keeps the
   result: the number of records written, or every error per row in Korean and English (and
   then nothing was written: each import writes in one transaction). The stored file is
   deleted once read, whatever the outcome: an upload may hold personal data.
3. A task delivered twice imports once (a finished run is left alone); a run that was cut off
   (the worker died) wrote nothing, because its transaction never committed, so it simply
   starts again.
"""
