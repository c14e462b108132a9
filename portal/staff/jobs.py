"""Staff imports as jobs: a preview is stored with the plan's hash, an apply runs in a worker.

``preview`` reads an upload and, if it is importable, keeps its bytes under a server-chosen
name with the :meth:`~portal.importer.plan.ImportPlan.fingerprint` of the plan staff see, keyed
by a random token. ``queue_apply`` takes only that token: the browser names no file and no
file name. A worker thread of this process (no other server) applies queued jobs one at a time
through ``apply_import(expected_plan=…)``, which writes nothing unless the plan is still the one
previewed. A job whose process has gone (a restart) is marked failed when next looked at.
"""

import logging
import os
import queue
import secrets
import socket
import threading
from datetime import timedelta
from functools import partial

from flask import Flask, current_app
from sqlmodel import select

from portal.core import db
from portal.curation import audit
from portal.curation.corrections import keep_corrections
from portal.domain import JobState
from portal.importer.pipeline import apply_import, plan_import
from portal.importer.plan import ImportPlan
from portal.models import ImportJob
from portal.models._types import utcnow
from portal.staff.uploads import read_upload, remove_upload, store_upload

log = logging.getLogger(__name__)
PREVIEW_LIFETIME = timedelta(days=1)
# Error codes the progress page words in the reader's language; other errors are the
# importer's own (Chinese) sentences.
INTERRUPTED, UPLOAD_GONE, CRASHED = "interrupted", "upload_gone", "crashed"


def _worker_id() -> str:
    """This process as ``host:pid``, asked each time: a server that loads the app before
    forking its workers (gunicorn's preload) would otherwise give every worker the master's pid.
    """
    return f"{socket.gethostname()}:{os.getpid()}"


# (app, job id, the fields staff chose to take from the file, the address that asked)
_queue: "queue.Queue[tuple[Flask, int, frozenset[tuple[int, str]], str | None]]" = queue.Queue()
_worker_lock = threading.Lock()
_worker: threading.Thread | None = None
# Rows read so far by the job this process is running: (done, total), for the progress page.
live_progress: dict[int, tuple[int, int]] = {}


def preview(file_name: str, data: bytes, user: str) -> tuple[ImportPlan, ImportJob | None]:
    """Plan an upload; keep it for apply only when it can be applied. Never writes facilities."""
    with db.transaction() as session:
        plan = plan_import(file_name, data, session)
    if not plan.ok:
        return plan, None
    _forget_stale_previews()
    job = ImportJob(
        token=secrets.token_urlsafe(24),
        user=user,
        file_name=plan.file_name,
        upload_name=store_upload(data),
        file_hash=plan.file_hash,
        plan_hash=plan.fingerprint(),
        total=sum(1 for e in plan.entries if e.record is not None),
    )
    with db.transaction() as session:
        session.add(job)
    return plan, job


def queue_apply(
    token: str,
    user: str,
    overrides: set[tuple[int, str]] | frozenset = frozenset(),
    address: str | None = None,
) -> ImportJob | None:
    """Queue the apply of preview ``token`` of ``user``; ``None`` if there is no such preview.

    ``overrides``: the ``(facility id, field)`` pairs where staff chose the file's value over
    their correction (issue 15); every other corrected field is kept.
    """
    with db.transaction() as session:
        job = session.exec(
            select(ImportJob).where(ImportJob.token == token, ImportJob.user == user)
        ).first()
        if job is None or job.state != JobState.PREVIEWED:
            return None
        job.state = JobState.QUEUED
        job.worker = _worker_id()
        job.heartbeat_at = utcnow()
        session.add(job)
    _queue.put((current_app._get_current_object(), job.id, frozenset(overrides), address))
    _ensure_worker()
    return job


def find_job(job_id: int, user: str) -> ImportJob | None:
    """The job for its progress page, marked failed first if the process running it has gone."""
    with db.transaction() as session:
        job = session.get(ImportJob, job_id)
        if job is None or job.user != user:
            return None
        if job.state in (JobState.QUEUED, JobState.RUNNING) and not _worker_alive(job.worker):
            _finish(job, JobState.FAILED, error=INTERRUPTED)
            session.add(job)
            remove_upload(job.upload_name)
        return job


def mark_interrupted_jobs() -> int:
    """Mark failed every queued or running job whose process is gone (called on start)."""
    with db.transaction() as session:
        jobs = session.exec(
            select(ImportJob).where(ImportJob.state.in_([JobState.QUEUED, JobState.RUNNING]))
        ).all()
        gone = [job for job in jobs if not _worker_alive(job.worker)]
        for job in gone:
            _finish(job, JobState.FAILED, error=INTERRUPTED)
            remove_upload(job.upload_name)
            session.add(job)
    return len(gone)


def run_job(
    job_id: int,
    overrides: frozenset[tuple[int, str]] = frozenset(),
    address: str | None = None,
) -> None:
    """Apply one queued job (inside an app context); records the outcome on the job and in
    the audit log."""
    with db.transaction() as session:
        job = session.get(ImportJob, job_id)
        if job is None or job.state != JobState.QUEUED:
            return
        job.state, job.started_at, job.heartbeat_at = JobState.RUNNING, utcnow(), utcnow()
        session.add(job)
    data = read_upload(job.upload_name)
    if data is None:
        _save_outcome(job_id, JobState.FAILED, error=UPLOAD_GONE)
        return
    try:
        plan, run = apply_import(
            job.file_name,
            data,
            user=job.user,
            expected_plan=job.plan_hash,
            adjust=partial(keep_corrections, overrides=set(overrides), user=job.user),
            progress=lambda done, total: live_progress.__setitem__(job_id, (done, total)),
        )
    except Exception:
        log.exception("Import job %s failed", job_id)
        _save_outcome(job_id, JobState.FAILED, error=CRASHED)
    else:
        if run is None:
            _save_outcome(job_id, JobState.FAILED, error=plan.fatal or CRASHED)
        else:
            _save_outcome(job_id, JobState.DONE, counts=run.counts, run_id=run.id)
        audit.record(
            "apply",
            job.user,
            job.file_name,
            {
                "sha256": job.file_hash,
                "applied": run is not None,
                "counts": plan.counts(),
                "overrides": sorted(f"{i}:{f}" for i, f in overrides),
            },
            address=address,
        )
    finally:
        live_progress.pop(job_id, None)
        remove_upload(job.upload_name)


def _save_outcome(job_id: int, state: JobState, **values) -> None:
    with db.transaction() as session:
        job = session.get(ImportJob, job_id)
        _finish(job, state, **values)
        session.add(job)


def _finish(job: ImportJob, state: JobState, **values) -> None:
    job.state, job.finished_at = state, utcnow()
    for name, value in values.items():
        setattr(job, name, value)


def _worker_alive(worker: str | None) -> bool:
    """Whether the process that took the job still runs (only knowable on this host)."""
    if not worker:
        return False
    host, _sep, pid = worker.rpartition(":")
    if host != socket.gethostname():
        return True  # another host's job: that host decides
    if worker == _worker_id():
        return True
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def _forget_stale_previews() -> None:
    """Previews never applied are removed after a day, with their stored bytes."""
    cutoff = utcnow() - PREVIEW_LIFETIME
    with db.transaction() as session:
        stale = session.exec(
            select(ImportJob).where(
                ImportJob.state == JobState.PREVIEWED, ImportJob.created_at < cutoff
            )
        ).all()
        for job in stale:
            remove_upload(job.upload_name)
            session.delete(job)


def _ensure_worker() -> None:
    global _worker
    with _worker_lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_work, name="import-worker", daemon=True)
            _worker.start()


def _work() -> None:
    while True:
        app, job_id, overrides, address = _queue.get()
        try:
            with app.app_context():
                run_job(job_id, overrides, address)
        except Exception:  # the worker must outlive any one job
            log.exception("Import worker could not run job %s", job_id)
        finally:
            _queue.task_done()
