"""Staff accounts: editors change the data, admins also manage accounts."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel
from werkzeug.security import check_password_hash, generate_password_hash

from portal.models._types import utcnow


class StaffUser(UserMixin, SQLModel, table=True):
    __table_args__ = (CheckConstraint("role IN ('editor', 'admin')", name="ck_staff_role"),)

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(index=True, unique=True)
    password_hash: str
    active: bool = True
    role: str = Field(
        default="editor", sa_column_kwargs={"server_default": "editor"}
    )  # editor (data) or admin (accounts too)
    created_at: datetime = Field(default_factory=utcnow)
    # Part of the login cookie: bumped on logout and password change, so every cookie issued
    # before is refused by the server (a signed cookie cannot be recalled from the browser).
    session_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)
        self.end_sessions()

    def end_sessions(self) -> None:
        """Refuse every login cookie issued so far (logout, password change)."""
        self.session_version = (self.session_version or 0) + 1

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class LoginThrottle(SQLModel, table=True):
    """Failed logins of one account (``user:<name>``) or one address (``addr:<ip>``).

    Kept in the database so every process of every host counts the same failures.
    """

    key: str = Field(primary_key=True)
    failures: int = 0
    locked_until: datetime | None = None
    last_failure_at: datetime | None = None
