"""Peewee models: people, their progress, quiz attempts, responses and assignments.

Rows hold ids and results, never lesson HTML: history does not depend on today's files.
One module a kind of record (docs/architecture.md); every model is imported from here.
"""

from __future__ import annotations

from course.models.base import BaseModel, read_datetime, utcnow
from course.models.mail import Mail
from course.models.people import ROLES, ManagedDepartment, PasswordToken, User, name_key
from course.models.progress import (
    Acknowledgement,
    Assignment,
    Certificate,
    LessonProgress,
    ModuleCompletion,
    QuestionResponse,
    QuizAttempt,
)
from course.models.publishing import Publish, PublishedFile, UploadDraft
from course.models.replies import Reply, ReplyCheck, ReplyReview

__all__ = ["ROLES", "Acknowledgement", "Assignment", "BaseModel", "Certificate", "LessonProgress", "Mail",
           "ManagedDepartment", "ModuleCompletion", "PasswordToken", "Publish", "PublishedFile", "QuestionResponse",
           "QuizAttempt", "Reply", "ReplyCheck", "ReplyReview", "UploadDraft", "User", "name_key", "read_datetime",
           "utcnow", "MODELS"]

MODELS = [User, LessonProgress, QuizAttempt, QuestionResponse, Assignment, PasswordToken, ModuleCompletion, Mail, Certificate,
          ManagedDepartment, Publish, PublishedFile, UploadDraft, Acknowledgement, Reply, ReplyCheck, ReplyReview]
