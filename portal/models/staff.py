"""Staff accounts for the import tool."""

from datetime import datetime

from flask_login import UserMixin
from sqlmodel import Field, SQLModel
from werkzeug.security import check_password_hash, generate_password_hash

from portal.models._types import utcnow


class StaffUser(UserMixin, SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(index=True, unique=True)
    password_hash: str
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)
