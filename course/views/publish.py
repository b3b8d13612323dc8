"""The trainer's publishing pages: edit with preview, publish, history with diffs, restore (issue 17)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from course.models import PublishedFile
from course.publish import drafts, editing, renaming
from course.publish import upload as uploads
from course.publish.history import disk_files, is_image, publish_lock, record_disk_changes, version_bytes, versions
from course.publish.names import Refused, check_name
from course.publish.publishing import Blocked, Conflict, diff_text, publish
from course.web.auth import requires
from course.web.i18n import translate
from course.web.refusal import Refusal

bp = Blueprint("publish", __name__, url_prefix="/train/content")


def _catalog():
    return current_app.extensions["kurs_catalog"]


def _name(value: str | None) -> str:
    try:
        return check_name(value or "")
    except Refused as exc:
        raise Refusal(400, str(exc)) from None


@bp.route("/edit/<path:name>", methods=["GET", "POST"])
@requires("trainer")
def edit(name: str):
    """Show a course file's source in the editor (a new file starts from a template); a POST previews or publishes."""
    name = _name(name)
    if request.method == "POST":
        return _save(name)
    text, base = editing.opened(_catalog(), name)
    if not base:
        title = request.args.get("title", "").strip() or _("New lesson")
        template = editing.MODULE_TEMPLATE if name.endswith("module.md") else editing.LESSON_TEMPLATE
        text = template.format(title=title)
    return _editor(name, text, base)


def _save(name: str):
    """Preview the edited text, or publish it: checked first, refused when the file changed meanwhile."""
    text, base = request.form.get("text", ""), request.form.get("base", "")
    try:
        data = editing.encoded(text)
        if request.form.get("action") != "publish":
            return _editor(name, text, base, shown=editing.preview(_catalog(), name, data))
        publish(_catalog(), g.user, "browser", {name: data}, {name: base}, request.form.get("note", "").strip())
    except Refused as exc:
        flash(str(exc), "error")
        return _editor(name, text, base, status=400)
    except Blocked as exc:
        flash(_("Not published: the text has errors. Nothing was written."), "error")
        mine = [e for e in exc.errors if e.path == name]
        return _editor(name, text, base, shown=editing.Preview(None, mine, [e for e in exc.errors if e.path != name]), status=422)
    except Conflict as exc:
        flash(_("Not published: someone published this file since you opened it. Compare, then publish again."), "error")
        now = editing.opened(_catalog(), name)[1]
        return _editor(name, text, now, conflict=exc, status=409)
    flash(_("Published %(name)s.", name=name), "success")
    return redirect(url_for("publish.edit", name=name))


@bp.route("/preview/<path:name>", methods=["POST"])
@requires("trainer")
def preview(name: str):
    """Return the preview of an edit as an HTML fragment (static/editor.js shows it beside the editor)."""
    name = _name(name)
    text = request.form.get("text", "")
    try:
        shown = editing.preview(_catalog(), name, editing.encoded(text))
    except Refused as exc:
        return render_template("publish/_preview.html", refused=str(exc), shown=None, lines=[]), 400
    return render_template("publish/_preview.html", shown=shown, lines=editing.lines_with_errors(text, shown.errors))


def _editor(name: str, text: str, base: str, shown=None, conflict=None, status: int = 200):
    lines = editing.lines_with_errors(text, shown.errors) if shown and shown.errors else []
    return render_template("publish/edit.html", name=name, text=text, base=base, shown=shown, lines=lines,
                           conflict=conflict, image=is_image(name)), status


@bp.route("/history/<path:name>")
@requires("trainer")
def history(name: str):
    """List a file's versions, newest first, each with its difference from the one before."""
    name = _name(name)
    with publish_lock():
        record_disk_changes(_catalog().root)  # an edit made in the folder is a version too
    rows = versions(name)
    shown = []
    for index, version in enumerate(rows):
        earlier = rows[index + 1] if index + 1 < len(rows) else None
        diff = "" if is_image(name) else diff_text(_text(earlier), _text(version), _("earlier"), _("this version"))
        shown.append((version, diff))
    return render_template("publish/history.html", name=name, versions=shown)


def _text(version: PublishedFile | None) -> str:
    data = version_bytes(version) if version is not None else None
    return data.decode("utf-8", errors="replace") if data is not None else ""


@bp.route("/restore/<int:version_id>", methods=["POST"])
@requires("trainer")
def restore(version_id: int):
    """Publish an earlier version of a file as a new version (checked like any publish)."""
    version = PublishedFile.get_or_none(PublishedFile.id == version_id) or abort(404)
    try:
        publish(_catalog(), g.user, "restore", {version.path: version_bytes(version)},
                note=_("Restored the version of %(when)s", when=version.publish.created_at.strftime("%Y-%m-%d %H:%M")))
    except Blocked as exc:
        flash(_("Not restored: that version has errors in today's course: %(errors)s",
                errors="; ".join(f"{e.path}:{e.line} {translate(e.message)}" for e in exc.errors)), "error")
    except Refused as exc:
        flash(str(exc), "error")
    else:
        flash(_("Restored: the earlier version of %(name)s is published again.", name=version.path), "success")
    return redirect(url_for("publish.history", name=version.path))


@bp.route("/new", methods=["GET", "POST"])
@requires("trainer")
def new():
    """Start a new lesson in a module, or a new module, from a template: the editor opens with it."""
    folders = _folders()
    if request.method == "POST":
        folder = request.form.get("folder", "").strip() or request.form.get("new_folder", "").strip()
        file = "module.md" if request.form.get("kind") == "module" else request.form.get("file", "").strip()
        if file and not file.endswith(".md"):
            file += ".md"
        try:
            name = check_name(f"{folder}/{file}")
        except Refused as exc:
            flash(str(exc), "error")
        else:
            if editing.opened(_catalog(), name)[1]:
                flash(_("%(name)s exists already: it opens in the editor.", name=name), "info")
            return redirect(url_for("publish.edit", name=name, title=request.form.get("title", "")))
    return render_template("publish/new.html", folders=folders)


@bp.route("/upload", methods=["GET", "POST"])
@requires("trainer")
def upload():
    """Take .md, .yml, image or .zip files into a folder; publish them when the course stays free of new errors."""
    folders = _folders()
    if request.method == "GET":
        return render_template("publish/upload.html", folders=folders)
    folder = request.form.get("folder", "")
    result = uploads.Unpacked()
    if folder and folder not in folders:
        result.refused.append((folder, _("“%(name)s” is not a module folder of the course.", name=folder)))
    for item in request.files.getlist("files"):
        if not item.filename:
            continue
        data = item.read(uploads.MAX_UPLOAD_BYTES + 1)
        take = uploads.take_zip if item.filename.lower().endswith(".zip") else uploads.take_file
        take(result, folder, item.filename.rsplit("/", 1)[-1] if take is uploads.take_file else item.filename, data)
    if not result.files and not result.refused:
        result.refused.append(("", _("No file was chosen.")))
    if result.refused:
        flash(_("Refused: nothing was written."), "error")
        return render_template("publish/upload.html", folders=folders, result=result), 400
    return _publish_upload(result.files, result.skipped)


@bp.route("/upload/<token>", methods=["POST"])
@requires("trainer")
def upload_good_only(token: str):
    """Publish the good files of a checked upload, leaving the broken ones out on purpose."""
    files = drafts.take(token, g.user) or abort(404)
    good = {name: data for name, data in files.items() if name not in set(request.form.getlist("broken"))}
    return _publish_upload(good, [], leave_out=set(files) - set(good))


def _publish_upload(files: dict[str, bytes], skipped: list[str], leave_out: set[str] = frozenset()):
    try:
        publish(_catalog(), g.user, "upload", files, note=request.form.get("note", "").strip())
    except Blocked as exc:
        broken = sorted({e.path for e in exc.errors if e.path in files})
        token = drafts.keep(files, g.user)
        return render_template("publish/upload.html", folders=_folders(), errors=exc.errors, files=sorted(files),
                               broken=broken, token=token, skipped=skipped), 422
    flash(ngettext("Published %(num)d file.", "Published %(num)d files.", len(files)), "success")
    if leave_out:
        flash(_("Left out: %(names)s.", names=", ".join(sorted(leave_out))), "info")
    if skipped:
        flash(_("Not taken (added by the archiver): %(names)s.", names=", ".join(skipped)), "info")
    return redirect(url_for("train.content"))


def _folders() -> list[str]:
    root = str(_catalog().root).rstrip("/") + "/"
    return [m.path.replace(root, "", 1).rsplit("/", 1)[0] for m in _catalog().course().modules]


@bp.route("/rename/<path:name>", methods=["POST"])
@requires("trainer")
def rename(name: str):
    """Rename or renumber a lesson (and its translations) in its module; its id stays, written as `id:` when needed."""
    name = _name(name)
    catalog = _catalog()
    new_stem = request.form.get("new_name", "").strip().removesuffix(".md")
    old_id = renaming.lesson_id_of(catalog.course(), catalog.root, name)
    try:
        if old_id is None:
            raise Refused(_("“%(name)s” is not a loaded lesson: only lessons are renamed here.", name=name))
        moves = renaming.renamed(sorted(disk_files(catalog.root)), name, new_stem)
        taken = [new for old, new in moves.items() if new != old and editing.opened(catalog, new)[1]]
        if taken:
            raise Refused(_("“%(name)s” exists already.", name=taken[0]))
        changes: dict[str, bytes | None] = {old: None for old in moves}
        for old, new in moves.items():
            text = editing.opened(catalog, old)[0]
            if old == name and renaming.needs_id(old_id, new_stem):
                text = renaming.with_id(text, old_id)
            changes[new] = text.encode("utf-8")
        publish(catalog, g.user, "browser", changes, {name: request.form.get("base", "")},
                _("Renamed %(old)s to %(new)s", old=name, new=moves[name]))
    except Refused as exc:
        flash(str(exc), "error")
        return redirect(url_for("publish.edit", name=name))
    except Blocked as exc:
        flash(_("Not renamed: %(errors)s", errors="; ".join(f"{e.path}:{e.line} {translate(e.message)}" for e in exc.errors)), "error")
        return redirect(url_for("publish.edit", name=name))
    except Conflict:
        flash(_("Not renamed: someone published this file since you opened it. Open it again."), "error")
        return redirect(url_for("publish.edit", name=name))
    flash(_("Renamed to %(name)s; the lesson keeps its id “%(id)s” and everyone's progress.", name=moves[name], id=old_id), "success")
    return redirect(url_for("publish.edit", name=moves[name]))
