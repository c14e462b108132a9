"""Issue 15 in a real browser, at 360 px and 1280 px: a staff member logs in, loads a register
sheet, confirms two matches and one new facility, applies; the public page of the project that
opened says "已开业" with address, phone, source and date; re-importing the plan shows the
conflict and the correction stays. The hostile register row never runs.

Each size gets its own portal (a real first start over data/) because the walk writes.
"""

import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from portal import create_app
from portal.core import db
from portal.models import StaffUser
from tests.browser.browsing import horizontal_overflow
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    ClosingRequestHandler,
    KeepResponse,
    _close,
    _context,
)

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "samples" / "sample_register_lishui.csv"
PLAN = ROOT / "data" / "plans" / "001_4999b758cfac438e.txt"
PASSWORD = "correct horse battery staple"
SOURCE = "区民政局 2026-10 名录"


@pytest.fixture
def writable_server(tmp_path) -> Iterator[str]:
    """A portal of its own (first start over data/, one editor account), on a loopback port."""
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
            "INDEX_DIR": str(tmp_path / "index"),
            "SECRET_KEY": "browser-tests-not-for-production",
        }
    )
    with app.app_context(), db.transaction() as session:
        user = StaffUser(username="clerk", password_hash="", role="editor")
        user.set_password(PASSWORD)
        session.add(user)
    server = make_server(
        "127.0.0.1", 0, KeepResponse(app), threaded=True, request_handler=ClosingRequestHandler
    )
    thread = threading.Thread(target=server.serve_forever, name="staff-portal", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_register_walk_and_the_correction_survives_the_plan(
    size, browser, writable_server, network_log, console, screenshot
) -> None:
    context = _context(
        browser, writable_server, network_log, **(PHONE if size == "phone" else DESKTOP)
    )
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    console.attach(page)
    try:
        walk(page, size, screenshot)
    finally:
        _close(context)
    assert dialogs == []  # no alert() of the hostile row ever ran
    assert console.unexpected() == []


def walk(page: Page, size: str, screenshot) -> None:
    page.goto("/staff/login")
    page.fill("#username", "clerk")
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("工作人员入口")

    with page.expect_navigation():
        page.locator(".staff-nav").get_by_role("link", name="导入机构名录").click()
    page.select_option("#city", "331100")
    page.fill("#source", SOURCE)
    page.fill("#effective", "2026-10")
    page.set_input_files("#file", str(SAMPLE))
    with page.expect_navigation():
        page.get_by_role("button", name="预览名录").click()
    expect(page.locator("h1")).to_contain_text("名录预览")
    # The sheet's rows are lines 3–6 (a title row, then the header). Rows 3 and 4 are the
    # plan's 青田县养老中心 (001:276) and 莲都区峰源乡居家养老服务中心 (001:273).
    qingtian = page.locator("#row-3 input[type=radio]:checked")
    expect(qingtian).to_have_attribute("value", re.compile(r"^match:\d+$"))
    expect(page.locator("#row-3")).to_contain_text("青田县养老中心")
    expect(page.locator("#row-4 input[type=radio]:checked")).to_have_attribute(
        "value", re.compile(r"^match:\d+$")
    )
    expect(page.locator("#row-5 input[type=radio]:checked")).to_have_value("new")
    expect(page.locator("#row-6")).to_contain_text("<script>alert('x')</script>")  # as text
    page.locator("#row-6 input[value=skip]").check()
    facility_id = qingtian.get_attribute("value").split(":")[1]
    assert horizontal_overflow(page) <= 0 or page.locator(".table-scroll").count() > 0
    screenshot(page, f"staff-register-preview-{size}")
    with page.expect_navigation():
        page.get_by_role("button", name="导入此名录").click()
    expect(page.locator("body")).to_contain_text("匹配 2 条，新增 1 条，未匹配 1 条")

    page.goto(f"/facilities/{facility_id}")
    facts = page.locator(".corrected-facts")
    expect(facts).to_contain_text(f"{SOURCE}：已开业")
    expect(facts).to_contain_text("(2026-10)")
    expect(facts).to_contain_text("方案：在建")
    expect(facts).to_contain_text("丽水市青田县鹤城街道样例路1号")
    expect(facts).to_contain_text("0578-0000001")
    assert horizontal_overflow(page) == 0
    screenshot(page, f"staff-register-facility-{size}")

    page.goto("/staff/import")
    page.set_input_files("#file", str(PLAN))
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()
    conflict = page.locator("tr.conflict", has_text="青田县养老中心").filter(has_text="进度")
    expect(conflict).to_contain_text("方案: 在建 / 人工更正: 已开业 (2026-10)")
    screenshot(page, f"staff-import-conflict-{size}")
    with page.expect_navigation():
        page.locator("form[action$='/import/apply'] button[type=submit]").click()

    page.goto(f"/facilities/{facility_id}")
    expect(page.locator(".corrected-facts")).to_contain_text(f"{SOURCE}：已开业")
    # The status line names the register and keeps the plan's own words, dated.
    statement = page.locator(".status-statement")
    expect(statement).to_contain_text(f"{SOURCE}（2026-10）：运营中")
    expect(statement).to_contain_text("方案（2021-2025年）》（2022年）：在建")  # issued 2022

    page.goto("/staff/worklist/?list=unmatched")
    expect(page.locator("main")).to_contain_text("<script>alert('x')</script>")
