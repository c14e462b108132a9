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

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)
