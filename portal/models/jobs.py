"""Staff imports between preview and result: what was previewed, and the apply's progress."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from portal.domain import JobState
from portal.models._types import enum_field, json_field, utcnow


class ImportJob(SQLModel, table=True):
    """One uploaded file from its preview to its result.

    The preview stores the upload under a server-chosen name with the hash of the plan staff
    saw; apply names only the random ``token``, so the browser cannot swap the file or its
    name. The apply runs in a worker thread; ``progress``/``total`` and ``state`` feed the
    progress page, ``worker`` and ``heartbeat_at`` tell whether the process running it is alive.
    """

    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(index=True, unique=True)
    user: str
    file_name: str  # the name staff uploaded, which files the document (its stem is the slug)
    upload_name: str  # the server's name of the stored bytes under instance/uploads/
    file_hash: str
    plan_hash: str
    state: JobState = enum_field(JobState, default=JobState.PREVIEWED)
    progress: int = 0
    total: int = 0
    counts: dict = json_field(dict)
    error: str | None = None
    run_id: int | None = Field(default=None, foreign_key="importrun.id")
    worker: str | None = None  # host:pid of the process running the apply
    created_at: datetime = Field(default_factory=utcnow)
    started_at: datetime | None = None
    heartbeat_at: datetime | None = None
    finished_at: datetime | None = None
