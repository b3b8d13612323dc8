"""Managers: which departments' reports each one sees.

A manager is a learner who also sees the reports, the matrix, the overdue list and the CSV files
of the departments they are given, and nothing of any other department. Trainers and admins see
every department.
"""

from __future__ import annotations

from collections.abc import Iterable

from course.db import database
from course.models import ManagedDepartment, User


def departments_of(user: User) -> list[str] | None:
    """The departments whose reports this person sees, sorted; None for all (trainers and admins)."""
    if user.at_least("trainer"):
        return None
    if user.role != "manager":
        return []
    query = ManagedDepartment.select(ManagedDepartment.department).where(ManagedDepartment.user == user)
    return sorted(department for (department,) in query.tuples())


def may_see(user: User, department: str | None) -> bool:
    """Whether this person may see reports of a department (None: every department at once)."""
    allowed = departments_of(user)
    return allowed is None or (department is not None and department in allowed)


def set_departments(user: User, departments: Iterable[str]) -> list[str]:
    """Give a manager exactly these departments (blank names dropped); return them sorted.

    Raises ValueError for a name longer than any department can be (the column's length).
    """
    wanted = sorted({" ".join(name.split()) for name in departments} - {""})
    if any(len(name) > ManagedDepartment.department.max_length for name in wanted):
        raise ValueError("department name too long")
    with database.atomic():
        ManagedDepartment.delete().where(ManagedDepartment.user == user).execute()
        if wanted:
            ManagedDepartment.insert_many([{"user": user, "department": name} for name in wanted]).execute()
    return wanted


def give_own_department(user: User) -> None:
    """A new manager sees their own department until an admin gives them others."""
    if user.role == "manager" and user.department and not departments_of(user):
        set_departments(user, [user.department])
