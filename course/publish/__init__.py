"""Publishing to the course folder from the browser: checked, atomic, locked, recorded (issue 17)."""
