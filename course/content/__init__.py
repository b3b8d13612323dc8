"""The Markdown course: pure functions and frozen values, no Flask, no database."""
