"""Messages to people: email (mail.py) now; in-app notifications and digests build on it."""
