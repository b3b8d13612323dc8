"""The rules: assignments, progress, a person's standing, certificates, people and their links.

No Flask here: the pages (course/views) and the commands (course/commands) call these.
"""
