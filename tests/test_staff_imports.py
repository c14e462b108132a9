"""Staff imports: apply applies exactly what was previewed, in the background, and refusals
are 4xx answers that keep no file.

Facts from the plans: 景德镇 (data/plans/003_4e88682039944ece.txt) lists 18 projects (its
project table, lines 200–236); 丽水 (001_4999b758cfac438e.txt) 116 rows of which 115 are
imported as facilities (one repeats an earlier row, line 389).
"""

import io
import re
import socket
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func
from sqlmodel import select

from portal.core import db
from portal.domain import JobState
from portal.importer.limits import MAX_ROWS
from portal.importer.pipeline import apply_import
from portal.models import Facility, ImportJob, ImportRun, SourceDocument
from tests.conftest import PLANS, csrf_token, wait_for_job

JINGDEZHEN = "003_4e88682039944ece.txt"
LISHUI = "001_4999b758cfac438e.txt"
HARMLESS = "所属城市,项目名称,建设地点,建设内容和规模\n丽水市,莲都区某某养老院,莲都区,床位100张\n"
_TOKEN = re.compile(r'name="token" value="([^"]+)"')


def upload(client, name: str, data: bytes):
    return client.post(
        "/staff/import?lang=en",
        data={"csrf_token": csrf_token(client, "/staff/import"), "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def token_of(response) -> str:
    match = _TOKEN.search(response.get_data(as_text=True))
    assert match, "the preview offers no apply"
    return match.group(1)


def apply(client, **form):
    form.setdefault("csrf_token", csrf_token(client, "/staff/import"))
    return client.post("/staff/import/apply", data=form)


def facility_count(app, slug: str | None = None) -> int:
    with app.app_context(), db.transaction() as session:
        query = select(func.count()).select_from(Facility).where(Facility.withdrawn_at.is_(None))
        if slug:
            query = query.join(SourceDocument).where(SourceDocument.slug == slug)
        return session.exec(query).one()


def uploads_left(app) -> list:
    folder = Path(app.config["UPLOAD_DIR"])
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_apply_answers_at_once_and_the_progress_page_shows_the_result(app, staff):
    preview = upload(staff, JINGDEZHEN, (PLANS / JINGDEZHEN).read_bytes())
    assert preview.status_code == 200 and "景德镇市社会福利中心项目" in preview.get_data(
        as_text=True
    )
    assert facility_count(app) == 0  # a preview writes nothing
    answer = apply(staff, token=token_of(preview))
    assert answer.status_code == 303 and "/staff/jobs/" in answer.headers["Location"]
    html = wait_for_job(staff, answer.headers["Location"])
    assert "Import applied." in html and "new 18" in html
    assert facility_count(app) == 18
    with app.app_context(), db.transaction() as session:
        run = session.exec(select(ImportRun)).one()
    assert run.user == "clerk" and run.started_at <= run.finished_at
    assert uploads_left(app) == []  # removed once applied
    # The job page can be left and opened again later, also from the dashboard.
    assert answer.headers["Location"] in staff.get("/staff/").get_data(as_text=True)


def test_apply_takes_no_file_or_file_name_from_the_browser(app, staff):
    with app.app_context():
        apply_import(LISHUI, (PLANS / LISHUI).read_bytes(), user="setup")
    lishui = facility_count(app, "001_4999b758cfac438e")
    assert lishui == 115
    preview = upload(staff, "harmless.csv", HARMLESS.encode())
    # The attack of finding 6: the form names plan 001 as the file to apply.
    answer = apply(staff, token=token_of(preview), file_name=LISHUI, digest="0" * 64)
    wait_for_job(staff, answer.headers["Location"])
    assert facility_count(app, "001_4999b758cfac438e") == lishui  # nothing withdrawn
    assert facility_count(app, "harmless") == 1


def test_apply_refuses_when_the_data_changed_since_the_preview(app, staff):
    preview = upload(staff, JINGDEZHEN, (PLANS / JINGDEZHEN).read_bytes())
    token = token_of(preview)
    with app.app_context():  # someone else applies the same file in between
        _plan, run = apply_import(JINGDEZHEN, (PLANS / JINGDEZHEN).read_bytes(), user="other")
    assert run is not None
    html = wait_for_job(staff, apply(staff, token=token).headers["Location"])
    assert "自预览以来数据已有变化" in html and "Import applied." not in html
    assert facility_count(app) == 18
    with app.app_context(), db.transaction() as session:
        assert session.exec(select(func.count()).select_from(ImportRun)).one() == 1
    assert uploads_left(app) == []


def test_a_token_is_used_once_and_only_by_its_user(app, staff):
    token = token_of(upload(staff, "harmless.csv", HARMLESS.encode()))
    assert apply(staff, token="x" + token).status_code == 400
    first = apply(staff, token=token)
    assert first.status_code == 303
    wait_for_job(staff, first.headers["Location"])
    assert apply(staff, token=token).status_code == 400  # already applied
    assert facility_count(app) == 1


def test_refused_uploads_answer_4xx_naming_the_problem_and_keep_no_file(app, staff):
    scan = upload(staff, "scan.txt", b"%PDF-1.5 scanned")
    assert scan.status_code == 422 and "PDF" in scan.get_data(as_text=True)
    # Short rows: the test client leaks its temporary file for bodies over 500 KB.
    rows = "".join(f"丽水市,{n}\n" for n in range(MAX_ROWS + 1))
    long = upload(staff, "long.csv", ("所属城市,项目名称\n" + rows).encode())
    html = long.get_data(as_text=True)
    assert long.status_code == 413 and "long.csv" in html and f"超过 {MAX_ROWS} 行" in html
    assert 'name="token"' not in html
    assert uploads_left(app) == []


def test_a_long_preview_page_stays_small(app, staff):
    rows = "".join(f"丽水市,莲都区养老院{n},莲都区,床位10张\n" for n in range(3000))
    response = upload(
        staff, "many.csv", ("所属城市,项目名称,建设地点,建设内容和规模\n" + rows).encode()
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Showing 500 of 3000 rows" in html
    assert html.count("<tr>") < 600


def test_a_job_whose_process_has_gone_is_marked_failed(app, staff):
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead_pid = int(gone.stdout)
    with app.app_context(), db.transaction() as session:
        job = ImportJob(
            token="t" * 32,
            user="clerk",
            file_name="x.csv",
            upload_name="0" * 32,
            file_hash="0" * 64,
            plan_hash="0" * 64,
            state=JobState.RUNNING,
            worker=f"{socket.gethostname()}:{dead_pid}",
        )
        session.add(job)
        session.flush()
        job_id = job.id
    html = staff.get(f"/staff/jobs/{job_id}?lang=en").get_data(as_text=True)
    assert "interrupted" in html and 'http-equiv="refresh"' not in html
    with app.app_context(), db.transaction() as session:
        assert session.get(ImportJob, job_id).state == JobState.FAILED
