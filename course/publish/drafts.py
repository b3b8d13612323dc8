"""Uploads with errors, kept in the database until the trainer publishes their good files (or a day passes)."""

from __future__ import annotations

import base64
import json
import secrets
from datetime import timedelta

from course.models import UploadDraft, User, utcnow

KEPT = timedelta(days=1)


def keep(files: dict[str, bytes], author: User) -> str:
    """Store an upload's files; return the token that publishes them later."""
    UploadDraft.delete().where(UploadDraft.created_at < utcnow() - KEPT).execute()
    token = secrets.token_urlsafe(24)
    UploadDraft.create(token=token, author=author,
                       files=json.dumps({name: base64.b64encode(data).decode() for name, data in files.items()}))
    return token


def take(token: str, author: User) -> dict[str, bytes] | None:
    """Return and forget the files of the author's own draft (None when there is none)."""
    draft = UploadDraft.get_or_none(UploadDraft.token == token, UploadDraft.author == author)
    if draft is None:
        return None
    draft.delete_instance()
    return {name: base64.b64decode(data) for name, data in json.loads(draft.files).items()}
