"""The `flask` commands: init-db, lessons check, users, demo, backup."""
