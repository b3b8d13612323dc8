"""Front matter: the YAML between '---' lines at the top of a course file, with each key's line."""

from __future__ import annotations

from dataclasses import dataclass

from course.content.errors import ContentError
from course.content.messages import N_
from course.content.parser_words import yaml_problem


@dataclass(frozen=True)
class Source:
    """A course file split into its front matter and its Markdown body."""

    meta: dict
    key_lines: dict
    body: str
    body_line: int


def split_front_matter(text: str, path: str) -> tuple[Source, list[ContentError]]:
    """Split '---' YAML front matter from the body; the body keeps its file line numbers."""
    lines = text.lstrip("\ufeff").split("\n")
    if not lines or lines[0].strip() != "---":
        return Source({}, {}, text, 1), []
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return Source({}, {}, "", 1), [ContentError(path, 1, N_("front matter is not closed: add a line '---' after it"))]
    body = "\n".join(lines[end + 1 :])
    meta, key_lines, errors = _parse_yaml("\n".join(lines[1:end]), path, first_line=2)
    return Source(meta, key_lines, body, end + 2), errors


def _parse_yaml(text: str, path: str, first_line: int) -> tuple[dict, dict, list[ContentError]]:
    # the renderer's libraries load in the render process, not in every worker (docs/performance.md, Memory)
    import yaml

    try:
        loader = yaml.SafeLoader(text)  # refuses control characters at once
    except yaml.reader.ReaderError as exc:
        line = first_line + text[: exc.position].count("\n")
        character = f"U+{exc.character:04X}"
        return {}, {}, [ContentError(path, line, N_(
            "invalid YAML in front matter: the invisible character %(character)s is not allowed", character=character))]
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}, []
        if not isinstance(node, yaml.MappingNode):
            return {}, {}, [ContentError(path, first_line, N_("front matter must be 'key: value' lines"))]
        key_lines: dict = {}
        for key, _ in node.value:
            line = first_line + key.start_mark.line
            if not isinstance(key, yaml.ScalarNode):
                return {}, {}, [ContentError(path, line, N_("front matter keys must be plain words"))]
            if key.value in key_lines:  # YAML would silently keep the last one
                return {}, {}, [ContentError(path, line, N_(
                    "front matter key '%(key)s' appears twice (also at line %(line)s)", key=key.value, line=key_lines[key.value]))]
            key_lines[key.value] = line
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = first_line + mark.line if mark else first_line
        return {}, {}, [ContentError(path, line, N_("invalid YAML in front matter: %(problem)s", problem=yaml_problem(exc)))]
    finally:
        loader.dispose()
    return data, key_lines, []


def check_keys(source: Source, allowed: tuple[str, ...], path: str, shared: tuple[str, ...] = ()) -> list[ContentError]:
    """Report every front matter key that is not allowed: they are almost always typos.

    shared: keys a translation may not set, because the original's file sets them for every language.
    """
    return [
        ContentError(path, source.key_lines.get(key, 1),
                     N_("'%(key)s' is set once, in the default language's file, for every language: remove it here", key=key)
                     if key in shared else N_("unknown front matter key '%(key)s' (allowed: %(allowed)s)", key=key, allowed=", ".join(allowed)))
        for key in source.meta
        if key not in allowed
    ]


def text_field(source: Source, key: str, path: str, errors: list[ContentError], required: bool = False) -> str:
    """Return a text value of the front matter; report it when missing (if required) or not text."""
    value = source.meta.get(key)
    if value is None:
        if required:
            errors.append(ContentError(path, 1, N_("'%(key)s' is missing from the front matter", key=key)))
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        errors.append(ContentError(path, source.key_lines.get(key, 1), N_("'%(key)s' must be text", key=key)))
        return ""
    return str(value).strip()


def whole_field(source: Source, key: str, path: str, errors: list[ContentError], minimum: int = 0) -> int | None:
    """Return a whole number of the front matter (None when absent); report anything else."""
    value = source.meta.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        errors.append(ContentError(path, source.key_lines.get(key, 1), N_("'%(key)s' must be a whole number of at least %(minimum)s",
                                                                          key=key, minimum=minimum)))
        return None
    return value


def flag_field(source: Source, key: str, path: str, errors: list[ContentError]) -> bool:
    """Return a true/false value of the front matter (false when absent); report anything else."""
    value = source.meta.get(key, False)
    if not isinstance(value, bool):
        errors.append(ContentError(path, source.key_lines.get(key, 1), N_("'%(key)s' must be true or false", key=key)))
        return False
    return value
